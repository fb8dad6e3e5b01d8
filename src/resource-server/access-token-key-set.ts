import { createPublicKey } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type RemoteJWKSetOptions,
} from 'jose';
import type { ResolvedSigningKey } from '../config/access-token-signing.js';

/** The arguments `jwtVerify` passes to a key resolver: the token's protected header and the token. */
export type AccessTokenKeyRequest = Parameters<JWTVerifyGetKey>;

/** A key `jwtVerify` accepts: a `CryptoKey`, `KeyObject` or public JWK. */
export type AccessTokenVerificationKey = Awaited<ReturnType<JWTVerifyGetKey>>;

/**
 * Where `OAuth2Guard` finds the public keys of JWT access tokens, by the token's `kid` and `alg`. An injection token
 * too: supply your own source (keys held in the database, a secret store) with the `jwt.keySet` option.
 */
export abstract class AccessTokenKeySet {
  /** The verification key for a token's protected header; throws a `jose` JWKS error when none matches. */
  abstract getKey(...request: AccessTokenKeyRequest): Promise<AccessTokenVerificationKey>;
}

/**
 * The public halves of this app's own signing keys (the `signingKeys` of its `OAuth2TokenModule`), as the JWKS
 * endpoint publishes them; no network, no database.
 */
export class LocalAccessTokenKeySet extends AccessTokenKeySet {
  private resolve?: JWTVerifyGetKey;
  private readonly ready: Promise<JWTVerifyGetKey>;

  /** From a JWK Set of public keys, or a promise of one (e.g. `JwtAccessTokenSigner.publicKeys()`). */
  constructor(keys: JSONWebKeySet | Promise<JSONWebKeySet>) {
    super();
    this.ready = Promise.resolve(keys).then((set) => (this.resolve = createLocalJWKSet(set)));
  }

  /** The public keys of resolved signing keys, each with its `kid` and `alg`. */
  static fromSigningKeys(keys: readonly ResolvedSigningKey[]): LocalAccessTokenKeySet {
    return new LocalAccessTokenKeySet(
      Promise.all(
        keys.map(async ({ kid, alg, key }) => ({
          ...(await exportJWK(createPublicKey(key))),
          kid,
          alg,
          use: 'sig',
        })),
      ).then((list) => ({ keys: list })),
    );
  }

  async getKey(...request: AccessTokenKeyRequest): Promise<AccessTokenVerificationKey> {
    return (this.resolve ?? (await this.ready))(...request);
  }
}

/**
 * The JWK Set another service publishes (its `jwks_uri`), fetched with `jose`'s `createRemoteJWKSet`: kept for
 * `cacheMaxAge` (10 min), fetched again at most every `cooldownDuration` (30 s) when a token names an unknown `kid`.
 */
export class RemoteAccessTokenKeySet extends AccessTokenKeySet {
  private readonly resolve: JWTVerifyGetKey;

  constructor(jwksUri: string | URL, options?: RemoteJWKSetOptions) {
    super();
    this.resolve = createRemoteJWKSet(new URL(jwksUri), options);
  }

  async getKey(...request: AccessTokenKeyRequest): Promise<AccessTokenVerificationKey> {
    return this.resolve(...request);
  }
}
