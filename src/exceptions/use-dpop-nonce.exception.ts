import { AccessTokenException } from './access-token.exception.js';

/** The DPoP proof lacks a current server nonce (RFC 9449 §8): retry with the one in the `DPoP-Nonce` header. */
export class UseDPoPNonce extends AccessTokenException {
  override readonly error = 'use_dpop_nonce';
  override readonly status: number = 400;

  /** @param nonce the fresh nonce the client must put in its next proof */
  constructor(readonly nonce: string) {
    super('The DPoP proof must carry the nonce this server provides');
    this.headers['DPoP-Nonce'] = nonce;
  }
}
