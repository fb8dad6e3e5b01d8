import { AccessTokenException } from './access-token.exception.js';

/** The authenticated client may not use this grant type. */
export class UnauthorizedClient extends AccessTokenException {
  override readonly error = 'unauthorized_client';
  override readonly status: number = 400;
}
