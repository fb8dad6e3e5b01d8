import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '../entities/client.entity.js';
import {
  InvalidRequest,
  UnauthorizedClient,
  UnsupportedGrantType,
  UnvalidatedRequest,
} from '../exceptions/index.js';
import { toOAuth2ErrorResponse, type OAuth2ErrorResponse } from './oauth2-error-response.js';
import type { OAuth2Grant, PreparedGrant } from '../interfaces/oauth2-grant.interface.js';
import type { FormEndpoint } from './form-endpoint.interface.js';
import type { TokenRequest } from '../interfaces/token-request.interface.js';
import { OAUTH2_GRANTS, OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { ClientAuthenticator } from '../domain/client-authenticator.service.js';
import { ScopePolicy } from '../domain/scope-policy.service.js';
import { ResourcePolicy } from '../domain/resource-policy.service.js';
import { TokenIssuer, type TokenResponseBody } from '../domain/token-issuer.service.js';
import { OAuth2Audit } from '../events/oauth2-audit.service.js';
import { LostRedemption } from '../domain/lost-redemption.error.js';
import { TokenRevoker } from '../domain/token-revoker.service.js';
import { TransactionRunner } from '../persistence/transaction-runner.js';
import { DPoPTokenBinding } from '../domain/dpop-token-binding.service.js';

/** A token request that passed `TokenGenerator.validate`; only such a request gets a grant response. */
export interface ValidatedTokenRequest {
  readonly grantType: string;
  readonly client: Client;
  readonly grant: PreparedGrant;
  /** JWK thumbprint of the DPoP key the tokens are bound to (RFC 9449); undefined for bearer tokens. */
  readonly dpopJkt?: string;
}

/**
 * oauth2app's TokenGenerator: validates a token request, builds the grant response, builds the error response.
 * It holds no per-request state: `validate` returns the validated request that `grantResponse` consumes.
 */
@Injectable()
export class TokenGenerator implements FormEndpoint {
  protected readonly logger = new Logger('OAuth2Token');
  private readonly validated = new WeakSet<ValidatedTokenRequest>();

  constructor(
    @Inject(OAUTH2_GRANTS) private readonly grants: ReadonlyMap<string, OAuth2Grant>,
    private readonly clients: ClientAuthenticator,
    private readonly scopes: ScopePolicy,
    private readonly resources: ResourcePolicy,
    private readonly issuer: TokenIssuer,
    private readonly revoker: TokenRevoker,
    private readonly transactions: TransactionRunner,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
    private readonly audit: OAuth2Audit,
    private readonly dpop: DPoPTokenBinding,
  ) {}

  /** Checks the request in oauth2app's order (grant type, client, scope, grant); throws an AccessTokenException. */
  async validate(request: TokenRequest): Promise<ValidatedTokenRequest> {
    const { params, authorization, address } = request;
    const grantType = params.grant_type;
    if (grantType === undefined) throw new InvalidRequest('grant_type is required');
    const grant = this.grants.get(grantType);
    if (!grant || grant.enabled === false) {
      throw new UnsupportedGrantType('The grant type is not supported');
    }
    const { client } = await this.clients.authenticate(params, authorization, address);
    if (!client.grantTypes.includes(grantType)) {
      throw new UnauthorizedClient('The client may not use this grant type');
    }
    const dpopJkt = await this.dpop.keyOf(request, client);
    const scope = grant.takesScope === false ? undefined : await this.scopes.parse(params.scope);
    const prepared = await grant.validate({ params, client, scope, address, dpopJkt });
    this.scopes.assertIssuable([...prepared.scope, ...(prepared.refreshScope ?? [])], client);
    const audience = this.resources.audience(client, params.resource, prepared.audience);
    const validated: ValidatedTokenRequest = Object.freeze({
      grantType,
      client,
      grant: { ...prepared, audience },
      dpopJkt,
    });
    this.validated.add(validated);
    return validated;
  }

  /**
   * Issues the token in one transaction with the grant's own writes (consuming a code, retiring a refresh token). A
   * request that finds its credential redeemed by a concurrent one is a duplicate like a replay, and revokes alike.
   */
  async grantResponse(request: ValidatedTokenRequest): Promise<TokenResponseBody> {
    if (!this.validated.delete(request)) throw new UnvalidatedRequest();
    const { grantType, client, grant, dpopJkt } = request;
    let body: TokenResponseBody;
    try {
      body = await this.transactions.run(
        async (manager) => {
          const lineage = { ...grant.redeems?.lineage, ...(await grant.commit?.(manager)) };
          return this.issuer.issue(manager, client, grant, lineage, dpopJkt);
        },
        { singleWrite: grant.commit === undefined && this.issuer.storesInOneStatement(grant) },
      );
    } catch (error) {
      if (!(error instanceof LostRedemption)) throw error;
      // After the failed unit of work, whose writes are undone (on SQLite back to its savepoint). A redemption loses
      // only to a committed one (PostgreSQL's UPDATE waits for the winner's row lock; a SQLite group settles after its
      // COMMIT), so the winner's token is there to revoke (RFC 6749 §4.1.2, RFC 9700 §4.14.2).
      await this.revoker.revokeIssuedFrom(error.redemption.lineage);
      throw error.redemption.lostRace();
    }
    const issued = {
      clientId: client.clientId,
      userId: grant.userId,
      scope: grant.scope,
      tokenType: body.token_type.toLowerCase() as 'bearer' | 'mac' | 'dpop',
      refreshable: body.refresh_token !== undefined,
    };
    this.audit.emit(
      grantType === 'refresh_token'
        ? { type: 'token.refreshed', ...issued }
        : { type: 'token.issued', grantType, ...issued },
    );
    return body;
  }

  /** The token endpoint: validates the request, then answers the grant response. */
  async handle(request: TokenRequest): Promise<TokenResponseBody> {
    return this.grantResponse(await this.validate(request));
  }

  /** The RFC 6749 §5.2 response for a failure; an unexpected one is logged and answered as `server_error`. */
  errorResponse(error: unknown): OAuth2ErrorResponse {
    return toOAuth2ErrorResponse(error, this.logger, this.config.realm);
  }
}
