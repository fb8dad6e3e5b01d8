import { afterEach, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { decodeProtectedHeader } from 'jose';
import request from 'supertest';
import {
  ClientRegistry,
  OAuth2TokenModule,
  SigningKeyRotation,
  type DatabaseSigningKeys,
} from 'nestjs-oauth2-token';
import { basic } from '../support/test-app.js';
import { expectToken } from '../support/token-request.js';
import { sharedDatabase, type SharedDatabase } from '../support/shared-database.js';

const ISSUER = 'https://as.example';
const SECRET = 'a signing-key encryption secret of 32+ characters';

function endpoint(keys: Partial<DatabaseSigningKeys> = {}) {
  return OAuth2TokenModule.forRoot({
    issuer: ISSUER,
    accessTokenFormat: 'jwt',
    signingKeys: { source: 'database', encryptionKey: SECRET, ...keys },
  });
}

async function kids(app: INestApplication): Promise<string[]> {
  const res = await request(app.getHttpServer()).get('/.well-known/jwks.json');
  expect(res.status).toBe(200);
  return (JSON.parse(res.text) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
}

async function tokenKid(app: INestApplication, auth: string): Promise<string | undefined> {
  const res = await request(app.getHttpServer())
    .post('/oauth2/token')
    .set('Authorization', auth)
    .type('form')
    .send({ grant_type: 'client_credentials' });
  return decodeProtectedHeader(expectToken(res).access_token).kid;
}

/** Polls `check` every 100 ms until it holds; fails after `seconds`. */
async function within(seconds: number, check: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > seconds * 1000) throw new Error(`not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('database signing keys across instances on one database', () => {
  let db: SharedDatabase;
  afterEach(() => db.drop());

  it('two instances starting at once on an empty table create one key, and both publish and sign with it', async () => {
    db = await sharedDatabase();
    const [a, b] = await Promise.all([db.start([endpoint()]), db.start([endpoint()])]);
    const rows = (await db.rowsOf('oauth2_signing_key')) as { kid: string }[];
    expect(rows).toHaveLength(1);
    expect(await kids(a)).toEqual([rows[0].kid]);
    expect(await kids(b)).toEqual([rows[0].kid]);
    const { client, clientSecret } = await a
      .get(ClientRegistry)
      .register({ name: 'rs', grantTypes: ['client_credentials'] });
    const auth = basic(client.clientId, clientSecret!);
    expect([await tokenKid(a, auth), await tokenKid(b, auth)]).toEqual([rows[0].kid, rows[0].kid]);
  });

  it('a rotation made on one instance reaches the other within its reload interval, before the new key signs', async () => {
    db = await sharedDatabase();
    const settings = { reloadIntervalSeconds: 1, publishDelaySeconds: 3 };
    const a = await db.start([endpoint(settings)]);
    const b = await db.start([endpoint(settings)]);
    const { client, clientSecret } = await a
      .get(ClientRegistry)
      .register({ name: 'rs', grantTypes: ['client_credentials'] });
    const auth = basic(client.clientId, clientSecret!);
    const [first] = await kids(a);

    const next = await a.get(SigningKeyRotation).rotate();
    expect(await kids(a)).toEqual([first, next.kid]);
    // B publishes the new key within one reload interval (1 s), well before it signs (3 s after the rotation).
    await within(2, async () => (await kids(b)).includes(next.kid));
    expect(Date.now()).toBeLessThan(next.signsFrom.getTime());
    expect(await tokenKid(b, auth)).toBe(first);
    expect(await tokenKid(a, auth)).toBe(first);

    await within(5, async () => (await tokenKid(a, auth)) === next.kid);
    expect(await tokenKid(b, auth)).toBe(next.kid);
    expect(await kids(b)).toEqual([first, next.kid]);
  });

  it('two rotations at once on two instances: both stored, one after the other, each retiring its predecessor', async () => {
    db = await sharedDatabase();
    const a = await db.start([endpoint()]);
    const b = await db.start([endpoint()]);
    const rotated = await Promise.all([
      a.get(SigningKeyRotation).rotate(),
      b.get(SigningKeyRotation).rotate(),
    ]);
    expect(rotated.map((key) => key.generation).sort()).toEqual([2, 3]);
    const keys = await a.get(SigningKeyRotation).list();
    expect(keys.map((key) => [key.generation, key.state])).toEqual([
      [1, 'signing'],
      [2, 'next'],
      [3, 'next'],
    ]);
    expect(keys[0].retiredAt).toEqual(keys[1].signsFrom);
    expect(keys[1].retiredAt).toEqual(keys[2].signsFrom);
    expect(keys[2].retiredAt).toBeNull();
  });

  it('a wrong encryption key fails the startup with a clear error that names no secret', async () => {
    db = await sharedDatabase();
    await db.start([endpoint()]);
    const wrong = 'another secret, also 32 characters or more';
    const failure = await db.start([endpoint({ encryptionKey: wrong })]).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(
      /^Signing key "[\w-]{43}" in oauth2_signing_key cannot be decrypted: signingKeys\.encryptionKey is not the key it was stored with/,
    );
    expect(failure).not.toContain(wrong);
    expect(failure).not.toContain(SECRET);
  });
});
