import type {
  AccessTokenSigningAlg,
  AccessTokenSigningKey,
} from '../interfaces/signing-key.interface.js';
import type { AccessTokenKeySet } from './access-token-key-set.js';

/**
 * How `OAuth2Guard` checks RFC 9068 JWT access tokens itself, without the database. Give exactly one key source:
 * `signingKeys`, `jwksUri` or `keySet`. A Bearer token that is not a JWT is still looked up in the database.
 */
export interface JwtVerificationOptions {
  /** The `iss` a token must carry: the token module's `issuer`. */
  issuer: string;
  /** The `aud` a token must carry (one of them, when a list): the token module's `accessTokenAudience`. */
  audience: string | string[];
  /**
   * Same app as the token module: its `signingKeys` (the same array); only their public halves are used.
   * @default undefined
   */
  signingKeys?: AccessTokenSigningKey[];
  /**
   * Another service: the authorization server's JWKS URL, fetched and cached by `jose` (kept 10 minutes, fetched
   * again at most every 30 s for an unknown `kid`).
   * @default undefined
   */
  jwksUri?: string;
  /**
   * Any other key source, e.g. keys the database holds and rotates.
   * @default undefined
   */
  keySet?: AccessTokenKeySet;
  /**
   * The accepted `alg` values; `none` and HMAC are never accepted.
   * @default the algorithms of `signingKeys`; else ['ES256', 'EdDSA', 'RS256']
   */
  algorithms?: AccessTokenSigningAlg[];
  /**
   * Seconds of clock difference allowed when checking `exp` (and `iat`, `nbf`).
   * @default 5
   */
  clockTolerance?: number;
  /**
   * Also look every JWT up by hash in the database, so that a revoked token is refused at once (as opaque tokens
   * are), at the cost of the lookup that local verification saves. Off, a revoked JWT is accepted until its `exp`.
   * @default false
   */
  checkRevocation?: boolean;
  /**
   * Keep verified JWTs (keyed by their SHA-256) for at most `maxAge` seconds and never past their `exp`, at most
   * `maxEntries` of them (least recently used dropped first), so that a token's signature is checked once.
   * With `checkRevocation`, a cached token is not looked up again: revocation then takes up to `maxAge` seconds.
   * `false` turns it off.
   * @default { maxEntries: 10000, maxAge: 60 } without checkRevocation; false with it
   */
  cache?: VerifiedTokenCacheOptions | false;
}

/** Size and lifetime of the verified-token cache. */
export interface VerifiedTokenCacheOptions {
  /** @default 10000 */
  maxEntries?: number;
  /** Seconds. @default 60 */
  maxAge?: number;
}
