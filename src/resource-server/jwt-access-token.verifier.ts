import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { hashSecret } from '../crypto/secrets.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { splitScope } from '../config/scope-token.js';
import { TokenStore } from '../persistence/token.store.js';
import type { AccessTokenKeyRequest } from './access-token-key-set.js';
import type { AuthenticatedToken } from './authenticated-token.interface.js';
import type { JwtVerificationConfig } from './jwt-verification-config.js';
import { OAUTH2_RESOURCE_CONFIG } from './oauth2-resource.constants.js';
import type { OAuth2ResourceConfig } from './oauth2-resource-config.js';
import { AccessTokenKeysUnavailable, InvalidToken } from './resource-access.errors.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/** Three base64url segments: a JWS in compact form (RFC 7515 §7.1); opaque tokens never contain a dot. */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** A key source's own "no such key" answers: the token's fault. Anything else means the keys are unreachable. */
const TOKEN_KEY_ERRORS = [
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSENotSupported,
];

/**
 * Checks RFC 9068 JWT access tokens locally (RFC 9068 §4): signature by a key of the key set with an allowed
 * `alg`, `typ: at+jwt`, `iss`, `aud` and `exp`; with `checkRevocation`, also the token's row. Verified tokens are
 * cached by hash when the cache is on.
 */
@Injectable()
export class JwtAccessTokenVerifier {
  private readonly jwt?: JwtVerificationConfig;
  private readonly cache?: VerifiedTokenCache;
  private readonly options?: JWTVerifyOptions;

  constructor(
    @Inject(OAUTH2_RESOURCE_CONFIG) config: OAuth2ResourceConfig,
    private readonly tokens: TokenStore,
  ) {
    this.jwt = config.jwt;
    if (!this.jwt) return;
    if (this.jwt.cache) this.cache = new VerifiedTokenCache(this.jwt.cache);
    this.options = {
      typ: 'at+jwt',
      issuer: this.jwt.issuer,
      audience: this.jwt.audience,
      algorithms: this.jwt.algorithms,
      clockTolerance: this.jwt.clockTolerance,
      requiredClaims: ['exp', 'iat', 'sub', 'client_id', 'jti'],
    };
  }

  /** Whether `token` is to be verified here: local verification is configured and the token is a JWT. */
  handles(token: string): boolean {
    return this.jwt !== undefined && COMPACT_JWS.test(token);
  }

  /**
   * The token's identity and grant, or `InvalidToken` (or `AccessTokenKeysUnavailable` when keys can't be had);
   * `scheme` is the one it came in, for the error's challenge. A token with `cnf.jkt` is DPoP-bound (RFC 9449 §6.1).
   */
  async verify(token: string, scheme: 'bearer' | 'dpop' = 'bearer'): Promise<AuthenticatedToken> {
    const hash = hashSecret(token);
    const cached = this.fromCache(hash);
    if (cached) return cached;
    const payload = await this.verifiedPayload(token, scheme);
    const verified = this.authenticatedToken(payload, scheme);
    if (this.jwt!.checkRevocation) verified.id = await this.liveRowId(hash, verified, scheme);
    this.cache?.set(hash, { ...verified, scopes: [...verified.scopes] }, nowInSeconds());
    return verified;
  }

  /** Whether verified tokens are cached. */
  get caches(): boolean {
    return this.cache !== undefined;
  }

  /** The token as verified before, when the cache holds it: no signature check, no promise. */
  cached(token: string): AuthenticatedToken | undefined {
    return this.fromCache(hashSecret(token));
  }

  /** A copy of the cached token: the caller may change what it gets. */
  private fromCache(hash: string): AuthenticatedToken | undefined {
    const cached = this.cache?.get(hash, nowInSeconds());
    return cached && { ...cached, scopes: [...cached.scopes] };
  }

  private async verifiedPayload(token: string, scheme: Scheme): Promise<JWTPayload> {
    try {
      return (await jwtVerify(token, this.getKey, this.options)).payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw invalid('The access token has expired', scheme);
      if (error instanceof errors.JOSEError) throw invalid('The access token is invalid', scheme);
      throw error;
    }
  }

  private readonly getKey = async (...request: AccessTokenKeyRequest) => {
    try {
      return await this.jwt!.keySet.getKey(...request);
    } catch (error) {
      if (TOKEN_KEY_ERRORS.some((type) => error instanceof type)) throw error;
      throw new AccessTokenKeysUnavailable({ cause: error });
    }
  };

  /** Claims to the shape opaque tokens have; `sub` equal to `client_id` means no user (RFC 9068 §2.2). */
  private authenticatedToken(payload: JWTPayload, scheme: Scheme): AuthenticatedToken {
    const { sub, client_id: clientId, scope, exp, cnf } = payload;
    const jkt = (cnf as { jkt?: unknown } | undefined)?.jkt;
    if (
      typeof sub !== 'string' ||
      typeof clientId !== 'string' ||
      !clientId ||
      (scope !== undefined && typeof scope !== 'string') ||
      (cnf !== undefined && (typeof jkt !== 'string' || !jkt))
    ) {
      throw invalid('The access token is invalid', scheme);
    }
    return {
      id: null,
      clientId,
      userId: sub === clientId ? null : sub,
      scopes: splitScope(scope ?? ''),
      expiresAt: exp!,
      tokenType: typeof jkt === 'string' ? 'dpop' : 'bearer',
      ...(typeof jkt === 'string' && { dpopJkt: jkt }),
    };
  }

  /** `checkRevocation`: the token's row must exist and not be revoked (its `exp` was checked already). */
  private async liveRowId(
    hash: string,
    verified: AuthenticatedToken,
    scheme: Scheme,
  ): Promise<number> {
    const row = await this.tokens.findPresented(hash);
    if (!row || row.revokedAt !== null || row.tokenType !== verified.tokenType) {
      throw invalid('The access token is invalid, expired or revoked', scheme);
    }
    return row.id;
  }
}

/** The schemes a JWT access token may come in. */
type Scheme = 'bearer' | 'dpop';

function invalid(description: string, scheme: Scheme): InvalidToken {
  return Object.assign(new InvalidToken(description), { scheme });
}
