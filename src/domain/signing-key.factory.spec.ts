import { describe, expect, it } from '@jest/globals';
import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import type { DatabaseKeySettings } from '../config/database-signing-keys.js';
import { signingKeyEncryptionKey } from '../crypto/signing-key-encryption.js';
import type { AccessTokenSigningAlg } from '../interfaces/signing-key.interface.js';
import { generateSigningKey, loadSigningKey } from './signing-key.factory.js';

const settings = (
  algorithm: AccessTokenSigningAlg,
  secret = 'x'.repeat(32),
): DatabaseKeySettings => ({
  encryptionKey: signingKeyEncryptionKey(secret),
  algorithm,
  publishDelaySeconds: 420,
  reloadIntervalSeconds: 60,
});
const times = { generation: 1, createdAt: 1_800_000_000, signsFrom: 1_800_000_000 };

describe('generated signing keys', () => {
  it.each<[AccessTokenSigningAlg, string, Record<string, unknown>]>([
    ['ES256', 'EC', { crv: 'P-256' }],
    ['EdDSA', 'OKP', { crv: 'Ed25519' }],
    ['RS256', 'RSA', { e: 'AQAB' }],
  ])(
    '%s: kid is the public thumbprint, the stored key signs what the public JWK verifies',
    async (alg, kty, members) => {
      const row = await generateSigningKey(settings(alg), times);
      const publicJwk = JSON.parse(row.publicJwk);
      expect(publicJwk).toMatchObject({ kty, ...members });
      expect(publicJwk).not.toHaveProperty('d');
      expect(row.kid).toBe(await calculateJwkThumbprint(publicJwk));
      expect(row.alg).toBe(alg);
      expect(decodeProtectedHeader(row.privateKey)).toEqual({
        alg: 'dir',
        enc: 'A256GCM',
        kid: row.kid,
      });

      const { privateKey } = await loadSigningKey(row, settings(alg));
      expect(privateKey.type).toBe('private');
      if (alg === 'RS256') expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      const jwt = await new SignJWT({}).setProtectedHeader({ alg }).sign(privateKey);
      await expect(
        jwtVerify(jwt, createPublicKey({ key: publicJwk, format: 'jwk' })),
      ).resolves.toBeDefined();
    },
  );

  it('refuses a row under another key, or moved to another kid, naming the row and never the key', async () => {
    const row = await generateSigningKey(settings('ES256'), times);
    const wrong = loadSigningKey(row, settings('ES256', 'y'.repeat(32)));
    await expect(wrong).rejects.toThrow(
      `Signing key "${row.kid}" in oauth2_signing_key cannot be decrypted: signingKeys.encryptionKey is not the key`,
    );
    const other = await generateSigningKey(settings('ES256'), times);
    const swapped = Object.assign(Object.create(Object.getPrototypeOf(row)), row, {
      privateKey: other.privateKey,
    });
    await expect(loadSigningKey(swapped, settings('ES256'))).rejects.toThrow(/cannot be decrypted/);
  });
});
