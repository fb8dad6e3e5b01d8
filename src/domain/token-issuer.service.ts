import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { generateSecret, hashSecret } from '../crypto/secrets.js';
import { timeOrderedId } from '../crypto/time-ordered-id.js';
import { MAC, OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { joinScope } from '../config/scope-token.js';
import type { Client } from '../entities/client.entity.js';
import type {
  PreparedGrant,
  Redemption,
  TokenLineage,
} from '../interfaces/oauth2-grant.interface.js';
import { TokenStore, type NewToken } from '../persistence/token.store.js';
import { LostRedemption } from './lost-redemption.error.js';
import { JwtAccessTokenSigner } from './jwt-access-token.signer.js';

/** The successful token response of RFC 6749 §5.1 (plus `mac_key`/`mac_algorithm` for MAC tokens). */
export interface TokenResponseBody {
  access_token: string;
  /** `DPoP` for a token bound to a DPoP key (RFC 9449 §5). */
  token_type: 'bearer' | 'mac' | 'DPoP';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  mac_key?: string;
  mac_algorithm?: 'hmac-sha-256';
}

/**
 * Creates tokens: fresh random values, stored only as hashes, of this generator's type, with the client's lifetimes
 * where it has its own and the module's otherwise.
 */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly tokens: TokenStore,
    private readonly signer: JwtAccessTokenSigner,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
  ) {}

  /** Whether storing the grant's token is one statement, atomic without a transaction. */
  storesInOneStatement(grant: PreparedGrant): boolean {
    return this.tokens.addsInOneStatement(grant.redeems?.redeem);
  }

  async issue(
    manager: EntityManager,
    client: Client,
    grant: PreparedGrant,
    lineage: TokenLineage = {},
    dpopJkt?: string,
  ): Promise<TokenResponseBody> {
    const now = nowInSeconds();
    const mac = this.config.authenticationMethod === MAC;
    const accessTokenExpiresIn = client.accessTokenExpiresIn ?? this.config.accessTokenExpiresIn;
    const refreshable =
      this.config.refreshable && client.refreshable !== false && grant.refreshable !== false;
    const scope = joinScope(grant.scope);
    const expiresAt = now + accessTokenExpiresIn;
    const accessToken = this.signsJwt(client)
      ? await this.signer.sign({
          subject: grant.userId ?? client.clientId,
          clientId: client.clientId,
          scope,
          audience: grant.audience ?? undefined,
          issuedAt: now,
          expiresAt,
          dpopJkt,
        })
      : generateSecret();
    const refreshToken = refreshable ? generateSecret() : undefined;
    const macKey = mac ? generateSecret() : null;
    const familyExpiresAt = refreshToken ? this.familyExpiry(client, now, lineage) : null;
    const idleExpiresAt = now + (client.refreshTokenExpiresIn ?? this.config.refreshTokenExpiresIn);
    await this.store(manager, grant.redeems, {
      tokenHash: hashSecret(accessToken),
      refreshTokenHash: refreshToken ? hashSecret(refreshToken) : null,
      macKey,
      tokenType: mac ? 'mac' : dpopJkt ? 'dpop' : 'bearer',
      dpopJkt: dpopJkt ?? null,
      clientId: client.clientId,
      userId: grant.userId,
      scope,
      refreshScope: refreshToken ? joinScope(grant.refreshScope ?? grant.scope) : null,
      audience: grant.audience ?? null,
      issuedAt: now,
      expiresAt,
      refreshExpiresAt: refreshToken ? Math.min(idleExpiresAt, familyExpiresAt ?? Infinity) : null,
      familyExpiresAt,
      refreshable: refreshToken !== undefined,
      familyId: lineage.familyId ?? timeOrderedId(),
      codeId: lineage.codeId ?? null,
    });
    return {
      access_token: accessToken,
      token_type: mac ? 'mac' : dpopJkt ? 'DPoP' : 'bearer',
      expires_in: accessTokenExpiresIn,
      ...(refreshToken && { refresh_token: refreshToken }),
      ...(scope && { scope }),
      ...(macKey && { mac_key: macKey, mac_algorithm: 'hmac-sha-256' as const }),
    };
  }

  /**
   * Stores the token, redeeming the grant's credential with it; nothing when another request redeemed it first, which
   * throws `LostRedemption` so that the caller can revoke once this unit of work is over.
   */
  private async store(
    manager: EntityManager,
    redemption: Redemption | undefined,
    token: NewToken,
  ): Promise<void> {
    if (!(await this.tokens.add(manager, token, redemption?.redeem))) {
      throw new LostRedemption(redemption!);
    }
  }

  /**
   * RFC 9068 JWT for this client: where the registration has signing keys (never for MAC), by the client's own
   * format, else the registration's. Stored by the hash of the whole JWT, like an opaque token.
   */
  private signsJwt(client: Client): boolean {
    return (
      this.config.jwt !== undefined &&
      (client.accessTokenFormat ?? this.config.accessTokenFormat) === 'jwt'
    );
  }

  /** The chain's absolute end: inherited from its first token, else set now from the client or module lifetime. */
  private familyExpiry(client: Client, now: number, lineage: TokenLineage): number | null {
    if (lineage.familyId) return lineage.familyExpiresAt ?? null;
    const lifetime =
      client.refreshTokenAbsoluteExpiresIn ?? this.config.refreshTokenAbsoluteExpiresIn;
    return lifetime === undefined || lifetime === null ? null : now + lifetime;
  }
}
