import { CLIENT_ID } from '../config/client-id.js';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '../entities/client.entity.js';
import { InvalidClient, InvalidRequest } from '../exceptions/index.js';
import { hashSecret, safeEqual } from '../crypto/secrets.js';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { basicChallenge, parseBasicCredentials } from '../http/basic-credentials.js';
import type { TokenRequestParams } from '../interfaces/token-request.interface.js';
import { ClientStore } from '../persistence/client.store.js';
import { OAuth2Audit } from '../events/oauth2-audit.service.js';
import { FailureLimiter } from './failure-limiter.service.js';
import { ClientAssertionAuthenticator } from './client-assertion.authenticator.js';

const DUMMY_HASH = hashSecret('no such client');

/** How the client proved its identity (RFC 8414 names). */
export type ClientAuthMethod =
  'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

/** A client and the way it authenticated. */
export interface AuthenticatedClient {
  client: Client;
  method: ClientAuthMethod;
}

/**
 * RFC 6749 §2.3 client authentication: HTTP Basic (form-urlencoded id and secret), or `client_id` and
 * `client_secret` in the body, or a bare `client_id` for a public client; a signed JWT (`private_key_jwt`) goes to
 * `ClientAssertionAuthenticator`. Unknown client and wrong secret fail alike.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly clients: ClientStore,
    private readonly limiter: FailureLimiter,
    private readonly audit: OAuth2Audit,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
    private readonly assertions: ClientAssertionAuthenticator,
  ) {}

  /** `address` is the client's network address, for the brute-force limits (`bruteForceLimits`). */
  async authenticate(
    params: TokenRequestParams,
    authorization: string | undefined,
    address?: string,
  ): Promise<AuthenticatedClient> {
    // Every 401 needs a challenge (RFC 9110 §15.5.2), whichever way the client tried to authenticate.
    const fail = (description: string) =>
      new InvalidClient(description, basicChallenge(this.config.realm));
    if (params.client_assertion !== undefined || params.client_assertion_type !== undefined) {
      return this.assertions.authenticate(params, authorization, address);
    }
    const basic = authorization ? parseBasicCredentials(authorization) : undefined;
    if (authorization && !basic) throw fail('Client authentication failed');
    if (basic && params.client_secret !== undefined) {
      throw new InvalidRequest('Use only one client authentication method');
    }
    if (basic && params.client_id !== undefined && params.client_id !== basic.clientId) {
      throw new InvalidRequest('client_id does not match the authenticated client');
    }
    const clientId = basic?.clientId ?? params.client_id;
    const secret = basic?.clientSecret ?? params.client_secret;
    if (clientId === undefined) throw fail('Client authentication failed');
    const method: ClientAuthMethod = basic
      ? 'client_secret_basic'
      : secret !== undefined
        ? 'client_secret_post'
        : 'none';

    await this.limiter.checkClient(clientId, address);
    // An id no client can have (RFC 6749 Appendix A.1) is unknown without asking the database.
    const client = CLIENT_ID.test(clientId) ? await this.findClient(clientId) : null;
    const required = client?.tokenEndpointAuthMethod;
    if (!this.verify(client, secret) || (required && required !== method)) {
      this.audit.emit({
        type: 'client.authentication_failed',
        clientId: CLIENT_ID.test(clientId) ? clientId : undefined,
        method,
        address,
      });
      await this.limiter.clientFailed(clientId, address);
      throw fail('Client authentication failed');
    }
    return { client: client!, method };
  }

  /** The registered client with this id, or null. */
  protected findClient(clientId: string): Promise<Client | null> {
    return this.clients.findById(clientId);
  }

  /** A public client must send no secret; a confidential one the right secret. Hashing always runs. */
  protected verify(client: Client | null, secret: string | undefined): boolean {
    const matches = safeEqual(hashSecret(secret ?? ''), client?.secretHash ?? DUMMY_HASH);
    if (!client) return false;
    if (client.isPublic || !client.secretHash) return secret === undefined && client.isPublic;
    return secret !== undefined && matches;
  }
}
