import { AccessTokenException } from './access-token.exception.js';

/** The request body exceeds the token endpoint's limit (413). */
export class PayloadTooLarge extends AccessTokenException {
  override readonly error = 'invalid_request';
  override readonly status: number = 413;
}
