import { AccessTokenException } from './access-token.exception.js';

/** The code or refresh token is invalid, expired, revoked, bound to another redirect URI, or was issued to another client. */
export class InvalidGrant extends AccessTokenException {
  override readonly error = 'invalid_grant';
  override readonly status: number = 400;
}
