import { AccessTokenException } from './access-token.exception.js';

/** An unexpected failure; the cause is logged, never sent. */
export class ServerError extends AccessTokenException {
  override readonly error = 'server_error';
  override readonly status: number = 500;
}
