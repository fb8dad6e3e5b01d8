import { AccessTokenException } from './access-token.exception.js';

/** The DPoP proof is missing where required, malformed, wrongly signed, stale, replayed or for another request (RFC 9449 §5). */
export class InvalidDPoPProof extends AccessTokenException {
  override readonly error = 'invalid_dpop_proof';
  override readonly status: number = 400;
}
