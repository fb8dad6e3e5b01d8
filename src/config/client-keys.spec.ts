import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { jwksProblem, jwksUriProblem } from './client-keys.js';

const EC_KEY = { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'BBBB' };

describe('jwksUriProblem', () => {
  it.each([
    'https://client.example/jwks.json',
    'https://client.example:8443/keys?v=2',
    'http://127.0.0.1:4000/jwks',
    'http://localhost/jwks',
    'http://[::1]:9/jwks',
  ])('accepts %s', (uri) => expect(jwksUriProblem(uri)).toBeUndefined());

  it.each([
    'http://client.example/jwks',
    'http://10.0.0.1/jwks',
    'https://client.example/jwks#k',
    'https://user:pw@client.example/jwks',
    'ftp://client.example/jwks',
    'file:///etc/passwd',
    '/relative',
    'HTTPS://client.example/jwks',
    `https://client.example/${'a'.repeat(2048)}`,
  ])('refuses %s', (uri) => expect(jwksUriProblem(uri)).toEqual(expect.any(String)));

  it('never accepts a URL whose scheme is not https outside loopback (property)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withFragments: true, withQueryParameters: true }), (uri) => {
        const url = new URL(uri);
        if (jwksUriProblem(uri) === undefined) {
          expect(url.hash).toBe('');
          expect(
            url.protocol === 'https:' || /^(127\.|localhost$|\[::1\]$)/.test(url.hostname),
          ).toBe(true);
        }
      }),
    );
  });
});

describe('jwksProblem', () => {
  it('accepts a set of public RSA, EC and OKP keys', () => {
    expect(
      jwksProblem({
        keys: [
          EC_KEY,
          { kty: 'RSA', n: 'AQAB', e: 'AQAB', use: 'sig' },
          { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' },
        ],
      }),
    ).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [EC_KEY]],
    ['no keys', {}],
    ['keys not an array', { keys: EC_KEY }],
    ['no key', { keys: [] }],
    ['51 keys', { keys: Array.from({ length: 51 }, () => EC_KEY) }],
    ['a key that is no object', { keys: ['EC'] }],
    ['a symmetric key', { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }],
    ['a private EC key', { keys: [{ ...EC_KEY, d: 'CCCC' }] }],
    ['a private RSA key', { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', p: 'x' }] }],
    ['an encryption key', { keys: [{ ...EC_KEY, use: 'enc' }] }],
    ['over 64 KiB', { keys: [{ ...EC_KEY, x5c: ['a'.repeat(70 * 1024)] }] }],
  ])('refuses %s', (_name, jwks) => expect(jwksProblem(jwks)).toEqual(expect.any(String)));
});
