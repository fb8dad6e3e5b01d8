import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { signMacRequest } from 'nestjs-oauth2-token';
import { createSampleApp } from '../sample-app/sample-app.factory.js';
import { DemoSeeder } from '../sample-app/seed/demo-seeder.js';

const dir = mkdtempSync(join(tmpdir(), 'oauth2-sample-api-'));
const ORIGIN = { host: 'api.sample.test', port: 8443 };

describe("sample app's protected API (oauth2app's test site routes)", () => {
  let app: INestApplication;
  const tokenFor = async (path: string, scope: string) => {
    const res = await request(app.getHttpServer())
      .post(path)
      .auth('demo-client', 'demo-secret-for-the-sample-app-only')
      .type('form')
      .send({ grant_type: 'password', username: 'demo', password: 'demo-password', scope });
    expect(res.status).toBe(200);
    return res.body as { access_token: string; mac_key?: string };
  };
  const get = (path: string, authorization?: string) => {
    const req = request(app.getHttpServer()).get(path);
    return authorization ? req.set('Authorization', authorization) : req;
  };

  beforeAll(async () => {
    app = await createSampleApp(`sqlite:${join(dir, 'oauth2.sqlite')}`, false, ORIGIN);
    await app.get(DemoSeeder).seed(`https://${ORIGIN.host}:${ORIGIN.port}`);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers each route for a bearer token with its scopes', async () => {
    const { access_token } = await tokenFor('/oauth2/token', 'email first_name last_name');
    const bearer = `Bearer ${access_token}`;
    expect((await get('/api/email', bearer)).body).toEqual({ email: 'demo@example.com' });
    expect((await get('/api/first_name', bearer)).body).toEqual({ first_name: 'Demo' });
    expect((await get('/api/first_and_last_name', bearer)).body).toEqual({
      first_name: 'Demo',
      last_name: 'User',
    });
  });

  it('needs every scope a route names', async () => {
    const { access_token } = await tokenFor('/oauth2/token', 'first_name');
    const res = await get('/api/first_and_last_name', `Bearer ${access_token}`);
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="sample-app", error="insufficient_scope", error_description="The access token does not grant the required scope", scope="first_name last_name"',
    );
  });

  it('challenges a request without a token for every scheme', async () => {
    const res = await get('/api/email');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="sample-app", MAC realm="sample-app", DPoP realm="sample-app", algs="ES256 EdDSA Ed25519 PS256 RS256"',
    );
  });

  it('accepts a MAC-signed request for the configured origin only', async () => {
    const token = await tokenFor('/token', 'email');
    const sign = (host: string) =>
      signMacRequest({
        id: token.access_token,
        macKey: token.mac_key!,
        method: 'GET',
        uri: '/api/email',
        host,
        port: ORIGIN.port,
      });
    expect((await get('/api/email', sign(ORIGIN.host))).body).toEqual({
      email: 'demo@example.com',
    });
    expect((await get('/api/email', sign('127.0.0.1'))).status).toBe(401);
    expect((await get('/api/email', `Bearer ${token.access_token}`)).status).toBe(401);
  });
});
