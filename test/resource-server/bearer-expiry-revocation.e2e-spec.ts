import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, UseGuards } from '@nestjs/common';
import request from 'supertest';
import {
  BEARER,
  OAuth2Guard,
  OAuth2User,
  RequireScopes,
  type AuthenticatedToken,
} from 'nestjs-oauth2-token';
import { expectRefusal, startResourceApp, type ResourceApp } from '../support/resource-app.js';
import { basic } from '../support/test-app.js';

@Controller('api')
@UseGuards(OAuth2Guard)
class ApiController {
  @Get('email')
  @RequireScopes('email')
  email(@OAuth2User() token: AuthenticatedToken) {
    return { userId: token.userId, expiresAt: token.expiresAt };
  }
}

const nowInSeconds = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('resource server, Bearer: expired and revoked tokens are refused at once (RFC 6750 §3.1)', () => {
  let t: ResourceApp;
  beforeAll(async () => {
    t = await startResourceApp({
      resource: { authenticationMethods: BEARER },
      controllers: [ApiController],
    });
  });
  afterAll(() => t.close());

  const call = (token: string) =>
    request(t.http).get('/api/email').set('Authorization', `Bearer ${token}`);

  it('hands the token expiry to the handler', async () => {
    const { access_token } = await t.issue('bearer', 'email');
    const res = await call(access_token);
    expect(res.status).toBe(200);
    expect(Math.abs(res.body.expiresAt - (nowInSeconds() + 3600))).toBeLessThanOrEqual(5);
  });

  it('refuses a token whose expires_at has passed with 401 invalid_token', async () => {
    const { access_token } = await t.issue('bearer', 'email');
    expect((await call(access_token)).status).toBe(200);
    await t.updateToken(access_token, { expiresAt: nowInSeconds() - 1 });
    expectRefusal(await call(access_token), { status: 401, error: 'invalid_token' });
  });

  it('refuses a revoked token on the very next request (no caching)', async () => {
    const { access_token } = await t.issue('bearer', 'email');
    expect((await call(access_token)).status).toBe(200);
    await t.updateToken(access_token, { revokedAt: nowInSeconds() });
    expectRefusal(await call(access_token), { status: 401, error: 'invalid_token' });
    await t.updateToken(access_token, { revokedAt: null });
    expect((await call(access_token)).status).toBe(200);
  });

  it('refuses the tokens of an authorization code once the code is replayed', async () => {
    const { clientId, clientSecret } = await t.addClient();
    const redeem = (code: string) =>
      request(t.http)
        .post('/oauth2/token')
        .set('Authorization', basic(clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'authorization_code', code });
    const code = await t.issueCode({ clientId, userId: 'alice', scope: 'email' });
    const first = await redeem(code);
    expect(first.status).toBe(200);
    const ok = await call(first.body.access_token);
    expect({ status: ok.status, userId: ok.body.userId }).toEqual({ status: 200, userId: 'alice' });

    const replay = await redeem(code);
    expect({ status: replay.status, error: replay.body.error }).toEqual({
      status: 400,
      error: 'invalid_grant',
    });
    expectRefusal(await call(first.body.access_token), { status: 401, error: 'invalid_token' });
  });

  it('refuses the current access token of a chain once an old refresh token is reused', async () => {
    const { clientId, clientSecret } = await t.addClient();
    const post = (form: Record<string, string>) =>
      request(t.http)
        .post('/oauth2/token')
        .set('Authorization', basic(clientId, clientSecret))
        .type('form')
        .send(form);
    const code = await t.issueCode({ clientId, userId: 'bob', scope: 'email' });
    const first = await post({ grant_type: 'authorization_code', code });
    expect(first.status).toBe(200);
    const rotated = await post({
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
    });
    expect(rotated.status).toBe(200);
    expect((await call(rotated.body.access_token)).status).toBe(200);

    const reuse = await post({
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
    });
    expect(reuse.status).toBe(400);
    expectRefusal(await call(rotated.body.access_token), { status: 401, error: 'invalid_token' });
  });
});

describe('resource server, Bearer: a token past its lifetime (accessTokenExpiresIn)', () => {
  let t: ResourceApp;
  beforeAll(async () => {
    t = await startResourceApp({
      resource: { authenticationMethods: BEARER },
      // 2 s rather than 1 s, so the first request cannot straddle the expiry second.
      token: { accessTokenExpiresIn: 2 },
      controllers: [ApiController],
    });
  });
  afterAll(() => t.close());

  it('accepts the token before it expires and refuses it with 401 invalid_token after', async () => {
    const { access_token } = await t.issue('bearer', 'email');
    const before = await request(t.http)
      .get('/api/email')
      .set('Authorization', `Bearer ${access_token}`);
    expect(before.status).toBe(200);
    await sleep(Math.max(0, before.body.expiresAt * 1000 - Date.now()) + 1100);
    const after = await request(t.http)
      .get('/api/email')
      .set('Authorization', `Bearer ${access_token}`);
    expectRefusal(after, { status: 401, error: 'invalid_token' });
  });
});
