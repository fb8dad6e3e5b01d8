import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { MAC } from '../oauth2-token.constants.js';
import type { OAuth2TokenModuleOptions } from '../interfaces/oauth2-token-options.interface.js';
import { resolveOAuth2TokenConfig } from './oauth2-token-options.schema.js';

const ISSUER = 'https://as.example';
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const ecJwk = { ...ec.privateKey.export({ format: 'jwk' }), kid: 'ec' };

describe('JWT access-token options', () => {
  it('reads JWKs and KeyObjects, infers each alg, defaults the audience to the issuer', () => {
    const config = resolveOAuth2TokenConfig(
      {
        accessTokenFormat: 'jwt',
        signingKeys: [
          ecJwk,
          { ...rsa.privateKey.export({ format: 'jwk' }), kid: 'rsa' },
          { kid: 'ed', key: ed.privateKey, alg: 'EdDSA' },
        ],
      },
      ISSUER,
    );
    expect(config.accessTokenFormat).toBe('jwt');
    expect(config.jwt?.issuer).toBe(ISSUER);
    expect(config.jwt?.audience).toBe(ISSUER);
    expect(config.jwt?.keys.map(({ kid, alg, key }) => [kid, alg, key.type])).toEqual([
      ['ec', 'ES256', 'private'],
      ['rsa', 'RS256', 'private'],
      ['ed', 'EdDSA', 'private'],
    ]);
  });

  it('takes a configured audience', () => {
    const config = resolveOAuth2TokenConfig(
      { signingKeys: [ecJwk], accessTokenAudience: 'https://api.example' },
      ISSUER,
    );
    expect(config.accessTokenFormat).toBe('opaque');
    expect(config.jwt?.audience).toBe('https://api.example');
  });

  it.each<[string, OAuth2TokenModuleOptions, string | undefined, RegExp]>([
    [
      'jwt with MAC',
      { accessTokenFormat: 'jwt', authenticationMethod: MAC, signingKeys: [ecJwk] },
      ISSUER,
      /jwt is for bearer tokens; MAC tokens stay opaque/,
    ],
    [
      'jwt without issuer',
      { accessTokenFormat: 'jwt', signingKeys: [ecJwk] },
      undefined,
      /need the issuer/,
    ],
    ['signingKeys without issuer', { signingKeys: [ecJwk] }, undefined, /need the issuer/],
    ['jwt without keys', { accessTokenFormat: 'jwt' }, ISSUER, /needs at least one of signingKeys/],
    [
      'jwt with no keys',
      { accessTokenFormat: 'jwt', signingKeys: [] },
      ISSUER,
      /needs at least one/,
    ],
    [
      'a key without kid',
      { signingKeys: [{ key: ec.privateKey } as never] },
      ISSUER,
      /signingKeys\[0\]: needs a kid/,
    ],
    [
      'a kid used twice',
      { signingKeys: [ecJwk, { kid: 'ec', key: ed.privateKey }] },
      ISSUER,
      /signingKeys\[1\]: kid "ec" is used twice/,
    ],
    [
      'a public key',
      { signingKeys: [{ kid: 'pub', key: ec.publicKey }] },
      ISSUER,
      /signingKeys\[0\]: must be a private/,
    ],
    [
      'a public JWK',
      { signingKeys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'pub' }] },
      ISSUER,
      /signingKeys\[0\]: must be a private/,
    ],
    [
      'an alg that does not fit',
      { signingKeys: [{ ...ecJwk, alg: 'RS256' }] },
      ISSUER,
      /alg RS256 does not fit the key \(ES256\)/,
    ],
    ['an unknown format', { accessTokenFormat: 'paseto' as never }, ISSUER, /'opaque' or 'jwt'/],
  ])('refuses %s', (_, options, issuer, message) => {
    expect(() => resolveOAuth2TokenConfig(options, issuer)).toThrow(message);
  });
});

describe("signingKeys: { source: 'database' } options", () => {
  const SECRET = 's'.repeat(32);

  it('applies the defaults and derives a 32-byte key from a string or 32 bytes', () => {
    const config = resolveOAuth2TokenConfig(
      { accessTokenFormat: 'jwt', signingKeys: { source: 'database', encryptionKey: SECRET } },
      ISSUER,
    );
    expect(config.jwt?.keys).toEqual([]);
    const { encryptionKey, ...rest } = config.jwt!.database!;
    expect(rest).toEqual({
      algorithm: 'ES256',
      publishDelaySeconds: 420,
      reloadIntervalSeconds: 60,
    });
    expect(encryptionKey).toHaveLength(32);
    const fromBytes = resolveOAuth2TokenConfig(
      {
        signingKeys: {
          source: 'database',
          encryptionKey: new Uint8Array(32).fill(7),
          algorithm: 'EdDSA',
          publishDelaySeconds: 4,
          reloadIntervalSeconds: 2,
        },
      },
      ISSUER,
    ).jwt!.database!;
    expect(fromBytes).toMatchObject({ algorithm: 'EdDSA', publishDelaySeconds: 4 });
    expect(Buffer.from(fromBytes.encryptionKey).equals(Buffer.from(encryptionKey))).toBe(false);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a short secret', { encryptionKey: 'short' }, /encryptionKey: must be a string of 32/],
    ['16 bytes', { encryptionKey: new Uint8Array(16) }, /encryptionKey: must be a string of 32/],
    ['no secret', { encryptionKey: undefined }, /encryptionKey: must be/],
    [
      'an unknown algorithm',
      { algorithm: 'HS256' },
      /algorithm: must be one of ES256, EdDSA, RS256/,
    ],
    [
      'a delay shorter than two reloads',
      { publishDelaySeconds: 100, reloadIntervalSeconds: 60 },
      /publishDelaySeconds: must be an integer of at least twice reloadIntervalSeconds/,
    ],
    ['a zero interval', { reloadIntervalSeconds: 0 }, /reloadIntervalSeconds: must be an integer/],
    ['an unknown option', { rotateEvery: 3 }, /signingKeys\.rotateEvery is not an option/],
    ['another source', { source: 'vault' }, /must be an array of keys or \{ source: 'database'/],
  ])('refuses %s, naming no secret', (_, change, message) => {
    const signingKeys = { source: 'database', encryptionKey: SECRET, ...change } as never;
    let error: Error | undefined;
    try {
      resolveOAuth2TokenConfig({ signingKeys }, ISSUER);
    } catch (thrown) {
      error = thrown as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain(SECRET);
  });

  it('needs the issuer', () => {
    expect(() =>
      resolveOAuth2TokenConfig({ signingKeys: { source: 'database', encryptionKey: SECRET } }),
    ).toThrow(/need the issuer/);
  });
});
