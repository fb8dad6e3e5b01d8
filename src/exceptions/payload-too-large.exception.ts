import { AccessTokenException } from './access-token.exception.js';

/**
 * The request body exceeds the token endpoint's limit (413). The answer closes the connection: the rest of the body
 * is not read, so a client that keeps sending cannot hold the connection.
 */
export class PayloadTooLarge extends AccessTokenException {
  override readonly error = 'invalid_request';
  override readonly status: number = 413;
  override readonly headers = { Connection: 'close' };
}
