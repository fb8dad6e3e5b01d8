import type { JwtVerificationOptions } from './jwt-verification-options.interface.js';
import type { DPoPOptions } from '../interfaces/dpop-options.interface.js';

/** Options of the resource-server side: how access tokens are accepted on protected routes. */
export interface OAuth2ResourceModuleOptions {
  /**
   * Accepted schemes, as in oauth2app: `BEARER`, `MAC`, `DPOP` (RFC 9449) or any combination (`BEARER | DPOP`). A
   * token is always accepted only in the scheme it was issued for: a MAC or DPoP-bound token sent as Bearer is
   * refused.
   * @default BEARER | MAC
   */
  authenticationMethods?: number;
  /**
   * Realm of the `WWW-Authenticate` challenges.
   * @default ''
   */
  realm?: string;
  /**
   * Accept a Bearer token as the form-body parameter `access_token` (RFC 6750 §2.2) when the app parsed the body.
   * @default false
   */
  allowBodyToken?: boolean;
  /**
   * Accept a Bearer token in the query string (RFC 6750 §2.3; RFC 9700 §4.3.2 advises against it).
   * @default false
   */
  allowQueryToken?: boolean;
  /**
   * Host name a MAC signature must cover. Unset: the `Host` header (or `X-Forwarded-Host` when trusted).
   * @default undefined
   */
  macHost?: string;
  /**
   * Port a MAC signature must cover. Unset: the `Host` header's port, else 80/443.
   * @default undefined
   */
  macPort?: number;
  /**
   * Take host and port for MAC from `X-Forwarded-Host`/`X-Forwarded-Port`/`X-Forwarded-Proto` (behind a proxy
   * that sets them) when `macHost`/`macPort` are unset.
   * @default false
   */
  trustProxyHeaders?: boolean;
  /**
   * Largest accepted difference, in seconds, between a MAC nonce's age and the token's real age; at most 300, so
   * that `TokenHousekeeping.purgeExpired`, which keeps every nonce younger than 365 s, never frees a live one.
   * @default 300
   */
  macNonceWindow?: number;
  /**
   * Refuse a MAC request that has a body (a `Content-Length` over 0, or `Transfer-Encoding`) but no `bodyhash`:
   * 400 `invalid_request`. Otherwise an unsigned body is accepted, as the MAC draft allows.
   * @default false
   */
  requireBodyHash?: boolean;
  /**
   * Largest body, in bytes, read and hashed for a MAC `bodyhash`; a larger one is refused with 413 before more of it
   * is read. Bearer requests and MAC requests without `bodyhash` are not affected.
   * @default 65536 (64 KiB)
   */
  maxBodyBytes?: number;
  /**
   * Verify RFC 9068 JWT access tokens locally (signature, `typ`, `iss`, `aud`, `exp`) instead of looking them up in
   * the database. Unset, every token, JWT or not, is looked up by its hash.
   * @default undefined
   */
  jwt?: JwtVerificationOptions;
  /**
   * DPoP proof checks for the `DPOP` scheme: accepted algorithms (also the challenge's `algs`), `iat` window, and
   * resource-server nonces (their own secret, not the token endpoint's).
   * @default {} (ES256, EdDSA, Ed25519, PS256, RS256; 60 s; no nonces)
   */
  dpop?: DPoPOptions;
  /**
   * Scheme, host and port clients call this API at, e.g. `https://api.example.com`: with the request's path, the
   * URL a DPoP proof's `htu` must name. Unset: from the request (`Host`, the connection's TLS; `X-Forwarded-Proto`
   * and `X-Forwarded-Host` with `trustProxyHeaders`).
   * @default undefined
   */
  publicOrigin?: string;
}
