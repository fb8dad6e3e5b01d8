import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

/** How access tokens are issued: random opaque strings, or RFC 9068 JWTs signed with `signingKeys`. */
export type AccessTokenFormat = 'opaque' | 'jwt';

/** The signature algorithms a signing key may use; each follows from the key's type. */
export type AccessTokenSigningAlg = 'ES256' | 'EdDSA' | 'RS256';

/**
 * A private key that signs JWT access tokens: a private JWK (EC P-256, OKP Ed25519 or RSA, with `d`) or a Node
 * `KeyObject`, each with the `kid` published in the JWKS. `alg` follows from the key; set, it must agree.
 */
export type AccessTokenSigningKey =
  | (JWK & { kid: string; alg?: AccessTokenSigningAlg })
  | { kid: string; key: KeyObject; alg?: AccessTokenSigningAlg };
