import { hkdfSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, type JWK } from 'jose';

/** The 256-bit key that encrypts signing keys at rest, derived from the app's secret. */
export type SigningKeyEncryptionKey = Uint8Array & { readonly __brand: 'SigningKeyEncryptionKey' };

/** Fewest characters of a secret string, or exact length in bytes of a binary secret. */
export const MIN_ENCRYPTION_SECRET_LENGTH = 32;

const HKDF_SALT = 'nestjs-oauth2-token';
const HKDF_INFO = 'oauth2_signing_key private_key A256GCM';

/**
 * Derives the A256GCM key from the app's secret with HKDF-SHA256, so that a passphrase-like string and 32 random
 * bytes both give a uniformly random key, bound to this one use.
 */
export function signingKeyEncryptionKey(secret: string | Uint8Array): SigningKeyEncryptionKey {
  const material = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  return new Uint8Array(
    hkdfSync('sha256', material, HKDF_SALT, HKDF_INFO, 32),
  ) as SigningKeyEncryptionKey;
}

/** Encrypts a private JWK as a compact JWE (`dir`, A256GCM) whose protected header names the `kid`. */
export function encryptPrivateKey(
  privateJwk: JWK,
  kid: string,
  key: SigningKeyEncryptionKey,
): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(privateJwk)))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid })
    .encrypt(key);
}

/**
 * Decrypts what `encryptPrivateKey` wrote for `kid`: undefined when the key is not the one it was written with,
 * or the value was altered or belongs to another row (the `kid` is authenticated). Never reveals why in detail.
 */
export async function decryptPrivateKey(
  jwe: string,
  kid: string,
  key: SigningKeyEncryptionKey,
): Promise<JWK | undefined> {
  try {
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    if (protectedHeader.kid !== kid) return undefined;
    return JSON.parse(new TextDecoder().decode(plaintext)) as JWK;
  } catch {
    return undefined;
  }
}
