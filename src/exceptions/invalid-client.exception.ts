import { AccessTokenException } from './access-token.exception.js';

/** Client authentication failed: unknown client, wrong secret, or no credentials (401). */
export class InvalidClient extends AccessTokenException {
  override readonly error = 'invalid_client';
  override readonly status: number = 401;

  /** @param challenge `WWW-Authenticate` value; when absent, the module's error response adds `Basic realm="…"`. */
  constructor(description?: string, challenge?: string) {
    super(description);
    if (challenge) this.headers['WWW-Authenticate'] = challenge;
  }
}
