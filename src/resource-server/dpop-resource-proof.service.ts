import { Inject, Injectable } from '@nestjs/common';
import { DPoPProofVerifier } from '../domain/dpop-proof.verifier.js';
import { InvalidDPoPProof, UseDPoPNonce } from '../exceptions/index.js';
import { OAUTH2_RESOURCE_CONFIG } from './oauth2-resource.constants.js';
import type { OAuth2ResourceConfig } from './oauth2-resource-config.js';
import { dpopRequestUrl } from './dpop-request-url.js';
import type { ResourceRequest } from './request-origin.js';
import {
  DPoPNonceRequired,
  InvalidDPoPProofError,
  InvalidToken,
} from './resource-access.errors.js';

/**
 * Checks the DPoP proof of a resource request made with `Authorization: DPoP <token>` (RFC 9449 §7.1): the proof
 * itself (`htm`, `htu` of this request, `ath` of this token, a `jti` used once), then that its key is the one the
 * token is bound to.
 */
@Injectable()
export class DPoPResourceProof {
  constructor(
    private readonly verifier: DPoPProofVerifier,
    @Inject(OAUTH2_RESOURCE_CONFIG) private readonly config: OAuth2ResourceConfig,
  ) {}

  /** `boundJkt`: the key thumbprint the token is bound to (its row's, or its JWT's `cnf.jkt`). */
  async verify(
    request: ResourceRequest,
    accessToken: string,
    boundJkt: string | null | undefined,
  ): Promise<void> {
    let jkt: string;
    try {
      ({ jkt } = await this.verifier.verify(
        {
          proof: request.headers.dpop,
          method: request.method,
          url: dpopRequestUrl(request, this.config),
          accessToken,
        },
        this.config.dpop,
      ));
    } catch (error) {
      if (error instanceof UseDPoPNonce) throw new DPoPNonceRequired(error.nonce);
      if (error instanceof InvalidDPoPProof) throw new InvalidDPoPProofError(error.message);
      throw error;
    }
    if (jkt !== boundJkt) {
      throw Object.assign(
        new InvalidToken('The DPoP proof key is not the one the token is bound to'),
        {
          scheme: 'dpop' as const,
        },
      );
    }
  }
}
