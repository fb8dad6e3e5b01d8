import { AccessTokenException } from './access-token.exception.js';

/**
 * Too many failed authentications from this address (RFC 6749 §2.3.1, §4.3.2): 429 with `Retry-After`, and
 * RFC 6749's `temporarily_unavailable`, the registered code closest to "retry later".
 */
export class TooManyFailures extends AccessTokenException {
  override readonly error = 'temporarily_unavailable';
  override readonly status: number = 429;

  /** @param retryAfter seconds until the block ends */
  constructor(retryAfter = 1) {
    super('Too many failed attempts; retry later');
    this.headers['Retry-After'] = String(Math.max(1, retryAfter));
  }
}
