import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { ClientRegistry, signMacRequest } from 'nestjs-oauth2-token';
import { loadSigningKey, signingKeyPath } from '../sample-app/jwt-signing-key.js';
import { createSampleApp } from '../sample-app/sample-app.factory.js';
import { DemoSeeder } from '../sample-app/seed/demo-seeder.js';
import { settingsFromEnv } from '../sample-app/settings.js';
import { startBanner } from '../sample-app/banner.js';

const dir = mkdtempSync(join(tmpdir(), 'oauth2-sample-jwt-'));
const DATABASE_URL = `sqlite:${join(dir, 'oauth2.sqlite')}`;
const ORIGIN = { host: 'api.sample.test', port: 8443 };
const ISSUER = `https://${ORIGIN.host}:${ORIGIN.port}`;
const DEMO = { user: 'demo-client', pass: 'demo-secret-for-the-sample-app-only' };

describe('sample app with ACCESS_TOKEN_FORMAT=jwt: /api accepts opaque, JWT and MAC tokens', () => {
  let app: INestApplication;
  let keyFile: string;

  const token = async (path: string, auth = DEMO) => {
    const res = await request(app.getHttpServer())
      .post(path)
      .auth(auth.user, auth.pass)
      .type('form')
      .send({
        grant_type: 'password',
        username: 'demo',
        password: 'demo-password',
        scope: 'email',
      });
    expect(res.status).toBe(200);
    return res.body as { access_token: string; token_type: string; mac_key?: string };
  };
  const get = (authorization: string) =>
    request(app.getHttpServer()).get('/api/email').set('Authorization', authorization);

  beforeAll(async () => {
    keyFile = signingKeyPath(DATABASE_URL);
    const { key } = await loadSigningKey({}, keyFile);
    app = await createSampleApp(DATABASE_URL, false, ORIGIN, {
      issuer: ISSUER,
      jwtSigningKey: key,
    });
    await app.get(DemoSeeder).seed(ISSUER);
    // Listening makes Fastify (HTTP_ADAPTER=fastify) ready for supertest, as on Express.
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generated the Ed25519 key once, next to the SQLite file, readable by its owner only', async () => {
    expect(keyFile).toBe(join(dir, 'jwt-signing-key.json'));
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    const first = await loadSigningKey({}, keyFile);
    const again = await loadSigningKey({}, keyFile);
    expect(again.key).toEqual(first.key);
    expect(first.key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', d: expect.any(String) });
  });

  it('takes SIGNING_KEY over the file, and refuses one that is not a JWK without echoing it', async () => {
    const { key } = await loadSigningKey({}, keyFile);
    const fromEnv = await loadSigningKey({ SIGNING_KEY: JSON.stringify(key) }, '/nonexistent');
    expect(fromEnv).toEqual({ key, source: 'SIGNING_KEY' });
    await expect(loadSigningKey({ SIGNING_KEY: 'secret-text' }, keyFile)).rejects.toThrow(
      /^SIGNING_KEY must hold a private JWK \(JSON\)$/,
    );
  });

  it('/oauth2/token issues an at+jwt that /api/email accepts as Bearer', async () => {
    const { access_token, token_type } = await token('/oauth2/token');
    expect(token_type).toBe('bearer');
    expect(decodeProtectedHeader(access_token)).toMatchObject({ typ: 'at+jwt', alg: 'EdDSA' });
    const res = await get(`Bearer ${access_token}`);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { email: 'demo@example.com' },
    });
  });

  it('still accepts an opaque Bearer token (a client registered for opaque tokens)', async () => {
    const { client, clientSecret } = await app.get(ClientRegistry).register({
      name: 'opaque client',
      accessTokenFormat: 'opaque',
      grantTypes: ['password'],
    });
    const { access_token } = await token('/oauth2/token', {
      user: client.clientId,
      pass: clientSecret!,
    });
    expect(access_token).not.toContain('.');
    expect((await get(`Bearer ${access_token}`)).body).toEqual({ email: 'demo@example.com' });
  });

  it('accepts a MAC token signed as MAC, and refuses a JWT presented as MAC', async () => {
    const mac = await token('/token');
    expect(mac.token_type).toBe('mac');
    const sign = (id: string, macKey: string) =>
      signMacRequest({ id, macKey, method: 'GET', uri: '/api/email', ...ORIGIN });
    expect((await get(sign(mac.access_token, mac.mac_key!))).body).toEqual({
      email: 'demo@example.com',
    });
    const jwt = await token('/oauth2/token');
    expect((await get(sign(jwt.access_token, 'any-key'))).status).toBe(401);
    expect((await get(`Bearer ${mac.access_token}`)).status).toBe(401);
  });

  it('refuses a tampered JWT with 401 invalid_token', async () => {
    const { access_token } = await token('/oauth2/token');
    const [header, payload, signature] = access_token.split('.');
    // The first character: the last ones of an Ed25519 signature are the top byte of S, often zero already.
    const flipped = signature[0] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload}.${flipped}${signature.slice(1)}`;
    const res = await get(`Bearer ${tampered}`);
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 401,
      error: 'invalid_token',
    });
  });
});

describe('ACCESS_TOKEN_FORMAT setting and banner', () => {
  it('reads opaque (default) or jwt and refuses anything else', () => {
    expect(settingsFromEnv({}).accessTokenFormat).toBe('opaque');
    expect(settingsFromEnv({ ACCESS_TOKEN_FORMAT: 'jwt' }).accessTokenFormat).toBe('jwt');
    expect(() => settingsFromEnv({ ACCESS_TOKEN_FORMAT: 'JWT' })).toThrow(
      'ACCESS_TOKEN_FORMAT must be opaque or jwt',
    );
  });

  it('the banner says which tokens /oauth2/token issues and how to call the API', () => {
    const base = 'http://127.0.0.1:3000';
    const opaque = startBanner({ baseUrl: base, demo: true });
    expect(opaque).toContain('ACCESS_TOKEN_FORMAT=jwt makes /oauth2/token issue RFC 9068 JWTs');
    const jwt = startBanner({
      baseUrl: base,
      demo: true,
      jwtKeySource: 'data/jwt-signing-key.json',
    });
    expect(jwt).toContain('signed with the Ed25519 key of data/jwt-signing-key.json');
    expect(jwt).toContain(`curl -s -H "Authorization: Bearer $TOKEN" ${base}/api/email`);
  });
});
