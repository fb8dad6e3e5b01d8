import { AccessTokenException } from './access-token.exception.js';

/** The grant type is not supported by this token endpoint. */
export class UnsupportedGrantType extends AccessTokenException {
  override readonly error = 'unsupported_grant_type';
  override readonly status: number = 400;
}
