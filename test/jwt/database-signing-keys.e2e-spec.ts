import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import request from 'supertest';
import { SigningKeyRotation, TokenHousekeeping } from 'nestjs-oauth2-token';
import { OAUTH2_CLOCK } from '../../src/oauth2-token.constants.js';
import {
  decryptPrivateKey,
  signingKeyEncryptionKey,
} from '../../src/crypto/signing-key-encryption.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectToken } from '../support/token-request.js';
import { postForm, registration } from '../endpoints/support/endpoints.js';
import { CapturingLogger } from '../support/capturing-logger.js';

const ISSUER = 'https://as.example';
const SECRET = 'a signing-key encryption secret of 32+ characters';
const LIFETIME = 600;
const PUBLISH_DELAY = 420;
const MARGIN = 60;

/** The key services' clock, moved by the tests; tokens keep their real `iat`/`exp`. */
let now = Date.now();
const advance = (seconds: number) => (now += seconds * 1000);

describe("signingKeys: { source: 'database' }: generated, encrypted, rotated", () => {
  let t: E2eApp;
  let client: TestClient;

  beforeAll(async () => {
    t = await startE2eApp([
      registration(
        {
          accessTokenFormat: 'jwt',
          accessTokenExpiresIn: LIFETIME,
          signingKeys: { source: 'database', encryptionKey: SECRET },
        },
        { issuer: ISSUER, providers: [{ provide: OAUTH2_CLOCK, useValue: () => now }] },
      ),
    ]);
    await t.addScopes('email');
    client = await t.addClient({ grantTypes: ['client_credentials'] });
  });
  afterAll(() => t.close());

  async function token(): Promise<string> {
    const res = await postForm(t, '/oauth2/token', { grant_type: 'client_credentials' }, client);
    return expectToken(res).access_token;
  }

  async function jwks(): Promise<JSONWebKeySet> {
    const res = await request(t.http).get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    return JSON.parse(res.text) as JSONWebKeySet;
  }

  const kids = async () => (await jwks()).keys.map((key) => key.kid);
  const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid;

  async function verifies(jwt: string, keySet: JSONWebKeySet): Promise<boolean> {
    return jwtVerify(jwt, createLocalJWKSet(keySet), { typ: 'at+jwt', issuer: ISSUER }).then(
      () => true,
      () => false,
    );
  }

  it('the first start created one ES256 key that signs at once; the metadata names the jwks_uri', async () => {
    const rows = await t.rows('oauth2_signing_key', {});
    expect(rows).toHaveLength(1);
    const { keys } = await jwks();
    expect(keys).toEqual([
      expect.objectContaining({
        kid: rows[0].kid,
        alg: 'ES256',
        kty: 'EC',
        crv: 'P-256',
        use: 'sig',
      }),
    ]);
    const jwt = await token();
    expect(decodeProtectedHeader(jwt)).toEqual({ typ: 'at+jwt', alg: 'ES256', kid: rows[0].kid });
    expect(await verifies(jwt, { keys })).toBe(true);
    const metadata = await request(t.http).get('/.well-known/oauth-authorization-server');
    expect(metadata.body.jwks_uri).toBe(`${ISSUER}/.well-known/jwks.json`);
  });

  it('keeps the private key only encrypted: the row holds a JWE (dir, A256GCM) and no private member in clear', async () => {
    const [row] = await t.rows('oauth2_signing_key', {});
    const jwe = String(row.private_key);
    expect(jwe.split('.')).toHaveLength(5);
    expect(decodeProtectedHeader(jwe)).toEqual({ alg: 'dir', enc: 'A256GCM', kid: row.kid });
    const publicJwk = JSON.parse(String(row.public_jwk)) as JWK;
    expect(publicJwk).not.toHaveProperty('d');
    const privateJwk = await decryptPrivateKey(
      jwe,
      String(row.kid),
      signingKeyEncryptionKey(SECRET),
    );
    expect(privateJwk?.d).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(row)).not.toContain(privateJwk!.d);
    expect(
      await decryptPrivateKey(jwe, String(row.kid), signingKeyEncryptionKey(`${SECRET}!`)),
    ).toBeUndefined();
  });

  it('rotation: published first, signing after the delay, the old key published until its last token expired, then purged', async () => {
    const rotation = t.app.get(SigningKeyRotation);
    const oldKid = kidOf(await token());
    // A client of its own longer lifetime: the old key must outlive its tokens too.
    await t.addClient({
      grantTypes: ['client_credentials'],
      accessTokenExpiresIn: LIFETIME * 2,
    });

    const next = await rotation.rotate();
    expect(next).toMatchObject({ alg: 'ES256', generation: 2, state: 'next' });
    expect(next.signsFrom.getTime()).toBe(Math.floor(now / 1000) * 1000 + PUBLISH_DELAY * 1000);
    // Published at once, signing not yet: the new kid is known before any token carries it.
    expect(await kids()).toEqual([oldKid, next.kid]);
    const beforeSwitch = await token();
    expect(kidOf(beforeSwitch)).toBe(oldKid);

    advance(PUBLISH_DELAY - 1);
    expect(kidOf(await token())).toBe(oldKid);
    const lastOld = await token();
    advance(1);
    const firstNew = await token();
    expect(kidOf(firstNew)).toBe(next.kid);

    // The old key stays published for the longest lifetime (a client's own: 2 × LIFETIME) plus a minute.
    const [old] = await rotation.list();
    expect(old).toMatchObject({ kid: oldKid, state: 'retired' });
    expect(old.retiredAt).toEqual(next.signsFrom);
    expect(old.publishedUntil!.getTime() - old.retiredAt!.getTime()).toBe(
      (LIFETIME * 2 + MARGIN) * 1000,
    );
    const keySet = await jwks();
    expect(await verifies(lastOld, keySet)).toBe(true);
    expect(await verifies(firstNew, keySet)).toBe(true);
    const { exp } = claimsOf(lastOld);
    expect(exp * 1000).toBeLessThanOrEqual(old.publishedUntil!.getTime());

    advance(LIFETIME * 2 + MARGIN - 1);
    expect(await kids()).toEqual([oldKid, next.kid]);
    expect(await t.app.get(TokenHousekeeping).purgeExpired()).toMatchObject({ signingKeys: 0 });
    advance(2);
    expect(await kids()).toEqual([next.kid]);
    expect(await t.app.get(TokenHousekeeping).purgeExpired()).toMatchObject({ signingKeys: 1 });
    expect((await t.rows('oauth2_signing_key', {})).map((row) => row.kid)).toEqual([next.kid]);
    expect(kidOf(await token())).toBe(next.kid);
  });

  it('rotating twice within the delay: each new key waits its own delay, the middle one signs in between', async () => {
    const rotation = t.app.get(SigningKeyRotation);
    const current = kidOf(await token());
    const second = await rotation.rotate();
    advance(100);
    const third = await rotation.rotate();
    expect(await kids()).toEqual([current, second.kid, third.kid]);
    advance(PUBLISH_DELAY - 100);
    expect(kidOf(await token())).toBe(second.kid);
    advance(100);
    expect(kidOf(await token())).toBe(third.kid);
    const states = (await rotation.list()).map((key) => [key.kid, key.state]);
    expect(states).toEqual([
      [current, 'retired'],
      [second.kid, 'retired'],
      [third.kid, 'signing'],
    ]);
  });

  it('the private key never reaches a query log: the INSERT is logged with it masked', async () => {
    const logger = new CapturingLogger();
    const original = t.dataSource.options;
    t.dataSource.setOptions({ logging: 'all', logger });
    try {
      const { kid } = await t.app.get(SigningKeyRotation).rotate();
      const [row] = await t.rows('oauth2_signing_key', { kid });
      const inserts = logger.entries.filter((entry) => entry.includes('INSERT INTO'));
      expect(inserts.some((entry) => entry.includes('oauth2_signing_key'))).toBe(true);
      expect(inserts.some((entry) => entry.includes(kid))).toBe(true);
      expect(logger.entries.join('\n')).not.toContain(String(row.private_key));
    } finally {
      t.dataSource.setOptions({ logging: original.logging, logger: original.logger });
    }
  });
});

/** The JWT's claims, unverified: enough to compare its `exp`. */
function claimsOf(jwt: string): { exp: number } {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { exp: number };
}
