import { AccessTokenException } from './access-token.exception.js';

/** The requested resource is invalid, unknown, malformed, or not one this client may get a token for (RFC 8707 §2). */
export class InvalidTarget extends AccessTokenException {
  override readonly error = 'invalid_target';
  override readonly status: number = 400;
}
