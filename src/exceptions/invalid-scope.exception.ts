import { AccessTokenException } from './access-token.exception.js';

/** The requested scope is invalid, unknown, malformed, or exceeds what may be granted. */
export class InvalidScope extends AccessTokenException {
  override readonly error = 'invalid_scope';
  override readonly status: number = 400;
}
