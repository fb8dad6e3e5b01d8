import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { LocalAccessTokenKeySet, RemoteAccessTokenKeySet } from './access-token-key-set.js';
import { resolveJwtVerification, type JwtVerificationConfig } from './jwt-verification-config.js';
import type { JwtVerificationOptions } from './jwt-verification-options.interface.js';

const key = generateKeyPairSync('ed25519').privateKey;
const base = { issuer: 'https://as.example', audience: 'https://api.example' };

describe('resolveJwtVerification', () => {
  it('signingKeys: a local key set, their algorithms, the cache on, revocation unchecked', () => {
    const config = resolveJwtVerification({ ...base, signingKeys: [{ kid: 'k', key }] });
    expect(config).toMatchObject({
      audience: ['https://api.example'],
      algorithms: ['EdDSA'],
      clockTolerance: 5,
      checkRevocation: false,
      cache: { maxEntries: 10_000, maxAge: 60 },
    });
    expect((config as JwtVerificationConfig).keySet).toBeInstanceOf(LocalAccessTokenKeySet);
  });

  it('jwksUri: a remote key set; checkRevocation turns the default cache off', () => {
    const config = resolveJwtVerification({
      ...base,
      jwksUri: 'https://as.example/.well-known/jwks.json',
      checkRevocation: true,
    }) as JwtVerificationConfig;
    expect(config.keySet).toBeInstanceOf(RemoteAccessTokenKeySet);
    expect(config.algorithms).toEqual(['ES256', 'EdDSA', 'RS256']);
    expect(config.cache).toBe(false);
  });

  it.each<[string, Partial<JwtVerificationOptions>, RegExp]>([
    ['no key source', {}, /exactly one key source/],
    ['two key sources', { signingKeys: [{ kid: 'k', key }], jwksUri: 'https://x' }, /exactly one/],
    [
      'a public key',
      { signingKeys: [{ kid: 'k', key: generateKeyPairSync('ed25519').publicKey }] },
      /signingKeys/,
    ],
    ['a non-http jwksUri', { jwksUri: 'file:///etc/passwd' }, /jwksUri/],
    ['HS256 allowed', { jwksUri: 'https://x', algorithms: ['HS256' as never] }, /algorithms/],
    ['a huge clock tolerance', { jwksUri: 'https://x', clockTolerance: 3600 }, /clockTolerance/],
    ['an empty audience', { jwksUri: 'https://x', audience: [] }, /audience/],
    ['a zero-sized cache', { jwksUri: 'https://x', cache: { maxEntries: 0 } }, /maxEntries/],
  ])('names the problem: %s', (_name, change, problem) => {
    const result = resolveJwtVerification({ ...base, ...change } as JwtVerificationOptions);
    expect(Array.isArray(result) && result.join('; ')).toMatch(problem);
  });
});
