import { AccessTokenException } from './access-token.exception.js';

/** The token endpoint answers POST only (RFC 6749 §3.2): 405 with `Allow: POST`. */
export class MethodNotAllowed extends AccessTokenException {
  override readonly error = 'invalid_request';
  override readonly status: number = 405;
  override readonly headers = { Allow: 'POST' };
}
