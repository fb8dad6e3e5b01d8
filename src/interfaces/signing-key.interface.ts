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

/**
 * Signing keys kept in the database (table `oauth2_signing_key`), generated and rotated by the library: each private
 * key encrypted at rest with `encryptionKey`, every instance on the database signing with the same key.
 */
export interface DatabaseSigningKeys {
  /** Selects the database as the key source. */
  source: 'database';
  /**
   * The secret that encrypts the private keys at rest (A256GCM, through HKDF-SHA256): a string of 32 characters or
   * more, or 32 random bytes. Load it from your secret store; every instance needs the same one.
   */
  encryptionKey: string | Uint8Array;
  /**
   * Algorithm of the keys generated from now on (the first one and each rotation's); existing keys keep theirs.
   * @default 'ES256'
   */
  algorithm?: AccessTokenSigningAlg;
  /**
   * Seconds a new key is published in the JWKS before it signs, so that resource servers and every instance know
   * it first. At least twice `reloadIntervalSeconds`; keep it above the JWKS `max-age` (300) plus that.
   * @default 420
   */
  publishDelaySeconds?: number;
  /**
   * Seconds between two reads of the key table by each instance: the bound within which an instance sees a
   * rotation made elsewhere.
   * @default 60
   */
  reloadIntervalSeconds?: number;
}
