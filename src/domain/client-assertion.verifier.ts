import { Inject, Injectable, Optional } from '@nestjs/common';
import { decodeJwt, jwtVerify } from 'jose';
import type { Client } from '../entities/client.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { CLIENT_ASSERTION_ALGORITHMS } from '../config/client-keys.js';
import { OAUTH2_ISSUER, OAUTH2_ROUTES } from '../oauth2-token.constants.js';
import type { OAuth2Routes } from '../interfaces/oauth2-routes.interface.js';
import { UsedJtiStore } from '../persistence/used-jti.store.js';
import { ClientKeySets } from './client-key-sets.js';

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** An assertion may be valid for at most this long from now (seconds): its `jti` is remembered until `exp`. */
export const MAX_CLIENT_ASSERTION_LIFETIME = 300;

/** Clock skew allowed on `exp`, `nbf` and `iat` (seconds). */
const CLOCK_TOLERANCE = 30;

/**
 * Verifies `private_key_jwt` client assertions (RFC 7523 §3, OpenID Connect Core §9): signed with an allowed
 * asymmetric algorithm by one of the client's keys, `iss` = `sub` = client_id, `aud` this server's issuer or one of
 * its endpoint URLs, `exp` present and at most five minutes ahead, and a `jti` never seen before on any instance.
 */
@Injectable()
export class ClientAssertionVerifier {
  private readonly audiences: string[];

  constructor(
    private readonly keySets: ClientKeySets,
    private readonly usedJtis: UsedJtiStore,
    @Inject(OAUTH2_ROUTES) routes: OAuth2Routes,
    @Optional() @Inject(OAUTH2_ISSUER) issuer?: string,
  ) {
    const base = issuer?.replace(/\/$/, '');
    const endpoints = [routes.token, routes.revocation, routes.introspection];
    this.audiences = base
      ? [...new Set([issuer!, base, ...endpoints.filter(Boolean).map((path) => `${base}/${path}`)])]
      : [];
  }

  /** The client id the assertion claims (`iss`), unverified, to find the client; undefined if unreadable. */
  claimedClientId(assertion: string): string | undefined {
    try {
      const { iss } = decodeJwt(assertion);
      return typeof iss === 'string' ? iss : undefined;
    } catch {
      return undefined;
    }
  }

  /** True when the assertion proves the client, and its `jti` was unused (it is used up now). */
  async verify(client: Client, assertion: string): Promise<boolean> {
    const keys = this.keySets.forClient(client);
    if (!keys || this.audiences.length === 0) return false;
    let exp: number;
    let jti: unknown;
    try {
      ({
        payload: { exp = 0, jti },
      } = await jwtVerify(assertion, keys, {
        algorithms: [...CLIENT_ASSERTION_ALGORITHMS],
        issuer: client.clientId,
        subject: client.clientId,
        audience: this.audiences,
        requiredClaims: ['exp', 'jti'],
        clockTolerance: CLOCK_TOLERANCE,
      }));
    } catch {
      // A bad signature, claim or key, and an unreachable jwks_uri alike: the client is not authenticated.
      return false;
    }
    if (exp > nowInSeconds() + MAX_CLIENT_ASSERTION_LIFETIME + CLOCK_TOLERANCE) return false;
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) return false;
    return this.usedJtis.consume({
      kind: 'client_assertion',
      issuer: client.clientId,
      jti,
      expiresAt: exp + CLOCK_TOLERANCE,
    });
  }
}
