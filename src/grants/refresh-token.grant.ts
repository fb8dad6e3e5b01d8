import { Inject, Injectable } from '@nestjs/common';
import type { AccessToken } from '../entities/access-token.entity.js';
import type { Client } from '../entities/client.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { InvalidGrant, InvalidRequest, InvalidScope } from '../exceptions/index.js';
import { hashSecret } from '../crypto/secrets.js';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { splitScope } from '../config/scope-token.js';
import { TokenRevoker } from '../domain/token-revoker.service.js';
import { OAuth2Audit } from '../events/oauth2-audit.service.js';
import { TokenStore } from '../persistence/token.store.js';
import type {
  GrantRequest,
  OAuth2Grant,
  PreparedGrant,
} from '../interfaces/oauth2-grant.interface.js';

/**
 * RFC 6749 §6 with rotation: a refresh issues a new access token and refresh token and retires the presented one;
 * presenting a retired one again revokes its whole chain (RFC 9700 §4.14.2).
 */
@Injectable()
export class RefreshTokenGrant implements OAuth2Grant {
  readonly grantType = 'refresh_token';
  /** Audit events (`oauth2.*`); property-injected so subclasses keep their constructors. */
  @Inject(OAuth2Audit) protected readonly audit: OAuth2Audit;

  constructor(
    protected readonly tokens: TokenStore,
    protected readonly revoker: TokenRevoker,
    @Inject(OAUTH2_TOKEN_CONFIG) protected readonly config: OAuth2TokenConfig,
  ) {}

  /** A generator that issues no refresh tokens accepts none. */
  get enabled(): boolean {
    return this.config.refreshable;
  }

  async validate({ params, client, scope, dpopJkt }: GrantRequest): Promise<PreparedGrant> {
    if (!params.refresh_token) throw new InvalidRequest('refresh_token is required');
    const token = await this.findToken(params.refresh_token, client);
    this.checkDPoPBinding(token, client, dpopJkt);
    await this.checkNotRotated(token);
    if (token.revokedAt !== null || (token.refreshExpiresAt ?? 0) <= nowInSeconds()) {
      throw new InvalidGrant('The refresh token is expired or revoked');
    }
    const original = splitScope(token.refreshScope ?? token.scope);
    this.checkScope(scope, original);
    return this.prepare(token, scope ?? original, original);
  }

  /** The client's own refresh token. */
  protected async findToken(value: string, client: Client): Promise<AccessToken> {
    const token = await this.tokens.findByRefreshTokenHash(hashSecret(value));
    if (!token || token.clientId !== client.clientId || !token.refreshable) {
      throw new InvalidGrant('The refresh token is invalid');
    }
    return token;
  }

  /**
   * RFC 9449 §5: a DPoP-bound chain stays bound, so its refresh needs a proof; a public client's refresh token is
   * bound to its key, so the proof must be by that key. Checked before rotation: a request that cannot prove the
   * key is no reason to end the chain.
   */
  protected checkDPoPBinding(token: AccessToken, client: Client, dpopJkt?: string): void {
    if (token.dpopJkt === null) return;
    if (dpopJkt === undefined) {
      throw new InvalidGrant('The refresh token is DPoP-bound: a DPoP proof is required');
    }
    if (client.isPublic && dpopJkt !== token.dpopJkt) {
      throw new InvalidGrant('The refresh token is bound to another DPoP key');
    }
  }

  /**
   * RFC 9700 §4.14.2: a retired refresh token presented again by its client revokes its whole chain, whatever else
   * the request holds and even once it has expired. Unlike a code, which travels through the browser and needs its
   * PKCE verifier, a refresh token is itself the credential, sent only to this endpoint: for a public client without
   * DPoP its value is the only proof of possession there is (a DPoP-bound one is checked first, `checkDPoPBinding`).
   * Whoever presents a retired one is the client or holds a stolen token of the chain, and which of the two is the
   * thief cannot be told, so the chain ends; another client's token fails in `findToken` first, without side effects.
   */
  protected async checkNotRotated(token: AccessToken): Promise<void> {
    if (token.rotatedAt === null) return;
    await this.revoker.revokeFamily(token.familyId);
    this.audit.emit({
      type: 'refresh_token.reused',
      clientId: token.clientId,
      userId: token.userId,
      familyId: token.familyId,
    });
    throw new InvalidGrant('The refresh token was already used');
  }

  /** RFC 6749 §6: the requested scope must lie within the scope originally granted. */
  protected checkScope(requested: string[] | undefined, original: string[]): void {
    if (requested && !requested.every((value) => original.includes(value))) {
      throw new InvalidScope('The scope exceeds the scope originally granted');
    }
  }

  /** The new token joins the chain and retires the presented refresh token as it is stored. */
  protected prepare(token: AccessToken, scope: string[], original: string[]): PreparedGrant {
    return {
      userId: token.userId,
      scope,
      refreshScope: original,
      audience: token.audience,
      redeems: {
        redeem: this.tokens.retirement(token.id),
        lineage: {
          familyId: token.familyId,
          codeId: token.codeId,
          familyExpiresAt: token.familyExpiresAt,
        },
        lostRace: () => new InvalidGrant('The refresh token was already used'),
      },
    };
  }
}
