import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Client } from '../entities/client.entity.js';
import { InvalidRequest } from '../exceptions/index.js';
import type { TokenRequest } from '../interfaces/token-request.interface.js';
import type { OAuth2Routes } from '../interfaces/oauth2-routes.interface.js';
import { OAUTH2_ISSUER, OAUTH2_ROUTES, OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { DPoPProofVerifier } from './dpop-proof.verifier.js';

/**
 * Decides, at the token endpoint, which DPoP key (RFC 9449 §5) a request's tokens are bound to: the key of its
 * verified `DPoP` proof, or none. A client registered with `dpopBoundAccessTokens` must send a proof.
 */
@Injectable()
export class DPoPTokenBinding {
  constructor(
    private readonly verifier: DPoPProofVerifier,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
    @Inject(OAUTH2_ROUTES) private readonly routes: OAuth2Routes,
    @Optional() @Inject(OAUTH2_ISSUER) private readonly issuer?: string,
  ) {}

  /** The JWK thumbprint to bind the tokens to; undefined for bearer tokens. */
  async keyOf(request: TokenRequest, client: Client): Promise<string | undefined> {
    const settings = this.config.dpop;
    if (!settings) {
      if (client.dpopBoundAccessTokens) {
        throw new InvalidRequest('This client must use DPoP, which this endpoint does not offer');
      }
      return undefined;
    }
    if (request.dpop === undefined && !client.dpopBoundAccessTokens) return undefined;
    const { jkt } = await this.verifier.verify(
      { proof: request.dpop, method: 'POST', url: this.endpointUrl(request) },
      settings,
    );
    return jkt;
  }

  /**
   * The URL a proof's `htu` must name: with an `issuer`, the `token_endpoint` the metadata publishes (right behind
   * any proxy); without one, the URL the request reached as the HTTP adapter sees it.
   */
  protected endpointUrl(request: TokenRequest): string {
    if (this.issuer !== undefined) return `${this.issuer.replace(/\/$/, '')}/${this.routes.token}`;
    return request.url ?? '';
  }
}
