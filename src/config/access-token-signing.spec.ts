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
