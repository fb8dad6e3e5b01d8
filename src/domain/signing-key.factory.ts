import { createPrivateKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { DatabaseKeySettings } from '../config/database-signing-keys.js';
import { decryptPrivateKey, encryptPrivateKey } from '../crypto/signing-key-encryption.js';
import { SigningKey } from '../entities/signing-key.entity.js';
import type { AccessTokenSigningAlg } from '../interfaces/signing-key.interface.js';

/** What a new generation's row needs besides its key pair. */
export interface NewGeneration {
  generation: number;
  createdAt: number;
  signsFrom: number;
}

/** A key read from the database: its published JWK and the private key it signs with. */
export interface LoadedSigningKey {
  readonly row: SigningKey;
  readonly publicJwk: JWK;
  readonly privateKey: KeyObject;
}

/**
 * Generates a key pair of the configured algorithm as a `SigningKey` row (kid: the RFC 7638 thumbprint, private
 * key encrypted), and reads such rows back.
 */
export async function generateSigningKey(
  settings: DatabaseKeySettings,
  { generation, createdAt, signsFrom }: NewGeneration,
): Promise<SigningKey> {
  const alg = settings.algorithm;
  const pair = await generateKeyPair(alg, { extractable: true, ...rsaSize(alg) });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const row = new SigningKey();
  Object.assign(row, {
    kid,
    generation,
    alg,
    publicJwk: JSON.stringify(publicJwk),
    privateKey: await encryptPrivateKey(
      await exportJWK(pair.privateKey),
      kid,
      settings.encryptionKey,
    ),
    createdAt,
    signsFrom,
    retiredAt: null,
    publishedUntil: null,
  } satisfies SigningKey);
  return row;
}

/** Decrypts a row's private key; the error names the row and the likely cause, never any key material. */
export async function loadSigningKey(
  row: SigningKey,
  settings: DatabaseKeySettings,
): Promise<LoadedSigningKey> {
  const privateJwk = await decryptPrivateKey(row.privateKey, row.kid, settings.encryptionKey);
  if (!privateJwk) {
    throw new Error(
      `Signing key "${row.kid}" in oauth2_signing_key cannot be decrypted: signingKeys.encryptionKey is not ` +
        'the key it was stored with, or the row was altered',
    );
  }
  return {
    row,
    publicJwk: JSON.parse(row.publicJwk) as JWK,
    privateKey: createPrivateKey({ key: privateJwk, format: 'jwk' }),
  };
}

function rsaSize(alg: AccessTokenSigningAlg): { modulusLength?: number } {
  return alg === 'RS256' ? { modulusLength: 2048 } : {};
}
