import { AccessTokenException } from './access-token.exception.js';

/** The database is unreachable or overloaded: 503 with `Retry-After`, never blamed on the client. */
export class TemporarilyUnavailable extends AccessTokenException {
  override readonly error = 'temporarily_unavailable';
  override readonly status: number = 503;
  override readonly headers = { 'Retry-After': '1' };
}
