import { Inject, Injectable } from '@nestjs/common';
import { CLIENT_ID } from '../config/client-id.js';
import type { Client } from '../entities/client.entity.js';
import { InvalidClient, InvalidRequest } from '../exceptions/index.js';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { basicChallenge } from '../http/basic-credentials.js';
import type { TokenRequestParams } from '../interfaces/token-request.interface.js';
import { ClientStore } from '../persistence/client.store.js';
import { OAuth2Audit } from '../events/oauth2-audit.service.js';
import { FailureLimiter } from './failure-limiter.service.js';
import { ClientAssertionVerifier, JWT_BEARER_ASSERTION_TYPE } from './client-assertion.verifier.js';

/**
 * RFC 7523 §2.2 client authentication: `client_assertion_type` jwt-bearer and a `client_assertion` signed by the
 * client, whose `iss` names it (a `client_id` parameter is optional and must agree). Only a client registered for
 * `private_key_jwt` may use it. Failures are audited, counted and answered like a wrong secret.
 */
@Injectable()
export class ClientAssertionAuthenticator {
  constructor(
    private readonly clients: ClientStore,
    private readonly verifier: ClientAssertionVerifier,
    private readonly limiter: FailureLimiter,
    private readonly audit: OAuth2Audit,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
  ) {}

  /** The client the assertion proves; `invalid_request` for a malformed or mixed request, else `invalid_client`. */
  async authenticate(
    params: TokenRequestParams,
    authorization: string | undefined,
    address: string | undefined,
  ): Promise<{ client: Client; method: 'private_key_jwt' }> {
    const assertion = params.client_assertion;
    if (authorization !== undefined || params.client_secret !== undefined) {
      throw new InvalidRequest('Use only one client authentication method');
    }
    if (params.client_assertion_type !== JWT_BEARER_ASSERTION_TYPE || assertion === undefined) {
      throw new InvalidRequest(
        `A client assertion needs client_assertion and client_assertion_type ${JWT_BEARER_ASSERTION_TYPE}`,
      );
    }
    const clientId = this.verifier.claimedClientId(assertion) ?? params.client_id;
    if (clientId === undefined) throw this.invalidClient();
    await this.limiter.checkClient(clientId, address);
    const client = CLIENT_ID.test(clientId) ? await this.clients.findById(clientId) : null;
    const verified =
      client?.tokenEndpointAuthMethod === 'private_key_jwt' &&
      (params.client_id === undefined || params.client_id === clientId) &&
      (await this.verifier.verify(client, assertion));
    if (!verified) {
      this.audit.emit({
        type: 'client.authentication_failed',
        clientId: CLIENT_ID.test(clientId) ? clientId : undefined,
        method: 'private_key_jwt',
        address,
      });
      await this.limiter.clientFailed(clientId, address);
      throw this.invalidClient();
    }
    return { client, method: 'private_key_jwt' };
  }

  /** Every 401 carries a challenge (RFC 9110 §15.5.2), as for the other methods. */
  private invalidClient(): InvalidClient {
    return new InvalidClient('Client authentication failed', basicChallenge(this.config.realm));
  }
}
