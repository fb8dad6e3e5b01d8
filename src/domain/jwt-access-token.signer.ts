import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import type { JwtAccessTokenSettings } from '../config/access-token-signing.js';
import { SigningKeySet } from './signing-key-set.service.js';

/** What one JWT access token says besides the registration's `iss`. */
export interface JwtAccessTokenClaims {
  /** The user's id; the client's id when no user is involved (RFC 9068 §2.2). */
  subject: string;
  clientId: string;
  /** Space-separated; omitted from the token when empty. */
  scope: string;
  /** The RFC 8707 resource asked for; the registration's audience when undefined. */
  audience?: string;
  issuedAt: number;
  expiresAt: number;
  /** JWK thumbprint of the DPoP key the token is bound to: the `cnf.jkt` claim (RFC 9449 §6.1). */
  dpopJkt?: string;
}

/** Signs RFC 9068 access tokens with the key that signs now (`SigningKeySet`) and publishes the public keys. */
@Injectable()
export class JwtAccessTokenSigner {
  constructor(
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
    private readonly keySet: SigningKeySet,
  ) {}

  /** Whether this registration can sign JWT access tokens. */
  get enabled(): boolean {
    return this.config.jwt !== undefined;
  }

  /** A signed `at+jwt` (RFC 9068 §2) with a fresh random `jti`. */
  async sign(claims: JwtAccessTokenClaims): Promise<string> {
    const { issuer, audience } = this.settings();
    const { kid, alg, key } = await this.keySet.signingKey();
    return new SignJWT({
      client_id: claims.clientId,
      ...(claims.scope && { scope: claims.scope }),
      ...(claims.dpopJkt && { cnf: { jkt: claims.dpopJkt } }),
    })
      .setProtectedHeader({ typ: 'at+jwt', alg, kid })
      .setIssuer(issuer)
      .setAudience(claims.audience ?? audience)
      .setSubject(claims.subject)
      .setIssuedAt(claims.issuedAt)
      .setExpirationTime(claims.expiresAt)
      .setJti(randomUUID())
      .sign(key);
  }

  /** The JWK Set of every published key's public half (no private members). */
  async publicKeys(): Promise<{ keys: JWK[] }> {
    return { keys: this.config.jwt ? await this.keySet.publishedKeys() : [] };
  }

  private settings(): JwtAccessTokenSettings {
    if (!this.config.jwt) throw new Error('This registration has no signingKeys');
    return this.config.jwt;
  }
}
