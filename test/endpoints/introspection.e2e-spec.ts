import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { basic } from '../support/test-app.js';
import { expectOAuthError, expectToken } from '../support/token-request.js';
import { fastForwardClock } from './support/clock.js';
import {
  INTROSPECT_PATH,
  REDIRECT_URI,
  REVOKE_PATH,
  codeTokens,
  introspect,
  postForm,
  postWithBodyCredentials,
  refresh,
  registration,
} from './support/endpoints.js';

describe('introspection endpoint (RFC 7662)', () => {
  let t: E2eApp;
  let client: TestClient;
  let other: TestClient;
  let resourceServer: TestClient;
  let spa: TestClient;
  let clock: ReturnType<typeof fastForwardClock> | undefined;

  beforeAll(async () => {
    t = await startE2eApp([registration()]);
    await t.addScopes('email', 'profile');
    client = await t.addClient({
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    });
    other = await t.addClient({ redirectUris: [REDIRECT_URI] });
    resourceServer = await t.addClient({
      grantTypes: ['client_credentials'],
      isResourceServer: true,
    });
    spa = await t.addClient({ redirectUris: [REDIRECT_URI], isPublic: true });
  });
  afterEach(() => clock?.restore());
  afterAll(() => t.close());

  describe('a valid token', () => {
    it('an access token: active, scope, client_id, sub, token_type, exp, iat', async () => {
      const before = Math.floor(Date.now() / 1000);
      const tokens = await codeTokens(t, client, { userId: 'alice', scope: 'email profile' });
      const res = await postForm(t, INTROSPECT_PATH, { token: tokens.access_token }, client);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      const { iat, ...rest } = res.body;
      expect(rest).toEqual({
        active: true,
        scope: 'email profile',
        client_id: client.clientId,
        sub: 'alice',
        token_type: 'bearer',
        exp: iat + 3600,
      });
      expect(iat).toBeGreaterThanOrEqual(before);
      expect(iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    });

    it('a refresh token: active with its own scope and expiry, no token_type', async () => {
      const tokens = await codeTokens(t, client, { userId: 'alice', scope: 'email profile' });
      const body = await introspect(t, tokens.refresh_token!, client, 'refresh_token');
      expect(body).toEqual({
        active: true,
        scope: 'email profile',
        client_id: client.clientId,
        sub: 'alice',
        exp: (body.iat as number) + 2592000,
        iat: expect.any(Number),
      });
    });

    it('after a narrowed refresh: the access token has the narrower scope, the refresh token the original', async () => {
      const first = await codeTokens(t, client, { scope: 'email profile' });
      const second = expectToken(await refresh(t, first.refresh_token!, client, 'email'));
      expect(await introspect(t, second.access_token, client)).toMatchObject({ scope: 'email' });
      expect(await introspect(t, second.refresh_token!, client)).toMatchObject({
        scope: 'email profile',
      });
    });

    it('a client_credentials token without an owner has no sub', async () => {
      const res = await postForm(t, '/oauth2/token', { grant_type: 'client_credentials' }, client);
      const body = await introspect(t, expectToken(res).access_token, client);
      expect(body.active).toBe(true);
      expect(body).not.toHaveProperty('sub');
      expect(body).not.toHaveProperty('scope');
    });

    it('token_type_hint is advisory', async () => {
      const tokens = await codeTokens(t, client);
      expect(await introspect(t, tokens.access_token, client, 'refresh_token')).toMatchObject({
        active: true,
        token_type: 'bearer',
      });
      expect((await introspect(t, tokens.refresh_token!, client, 'access_token')).active).toBe(
        true,
      );
    });

    it('client_secret_post authenticates the caller as well as Basic', async () => {
      const tokens = await codeTokens(t, client);
      const res = await postWithBodyCredentials(
        t,
        INTROSPECT_PATH,
        { token: tokens.access_token },
        client,
      );
      expect(res.body).toMatchObject({ active: true });
    });
  });

  describe('{"active": false} and nothing else for anything not valid', () => {
    it('an unknown token', async () => {
      expect(await introspect(t, 'no-such-token', client)).toEqual({ active: false });
    });

    it('an expired access token (its refresh token still active)', async () => {
      const tokens = await codeTokens(t, client);
      clock = fastForwardClock();
      clock.advance(3600);
      expect(await introspect(t, tokens.access_token, client)).toEqual({ active: false });
      expect((await introspect(t, tokens.refresh_token!, client)).active).toBe(true);
    });

    it('an expired refresh token', async () => {
      const tokens = await codeTokens(t, client);
      clock = fastForwardClock();
      clock.advance(2592000);
      expect(await introspect(t, tokens.refresh_token!, client)).toEqual({ active: false });
    });

    it('a revoked token, access and refresh', async () => {
      const tokens = await codeTokens(t, client);
      expect((await postForm(t, REVOKE_PATH, { token: tokens.access_token }, client)).status).toBe(
        200,
      );
      expect(await introspect(t, tokens.access_token, client)).toEqual({ active: false });
      expect(await introspect(t, tokens.refresh_token!, client)).toEqual({ active: false });
    });

    it('a rotated-out refresh token (its access token lives on until it expires)', async () => {
      const first = await codeTokens(t, client);
      expectToken(await refresh(t, first.refresh_token!, client));
      expect(await introspect(t, first.refresh_token!, client)).toEqual({ active: false });
      expect((await introspect(t, first.access_token, client)).active).toBe(true);
    });

    it("another client's token, access or refresh", async () => {
      const tokens = await codeTokens(t, other);
      expect(await introspect(t, tokens.access_token, client)).toEqual({ active: false });
      expect(await introspect(t, tokens.refresh_token!, client)).toEqual({ active: false });
      expect((await introspect(t, tokens.access_token, other)).active).toBe(true);
    });
  });

  describe('a client registered with isResourceServer', () => {
    it("sees every client's valid tokens", async () => {
      const tokens = await codeTokens(t, other, { userId: 'bob', scope: 'email' });
      expect(await introspect(t, tokens.access_token, resourceServer)).toMatchObject({
        active: true,
        client_id: other.clientId,
        sub: 'bob',
        scope: 'email',
      });
    });

    it('and still {"active": false} for revoked or unknown ones', async () => {
      const tokens = await codeTokens(t, other);
      await postForm(t, REVOKE_PATH, { token: tokens.access_token }, other);
      expect(await introspect(t, tokens.access_token, resourceServer)).toEqual({ active: false });
      expect(await introspect(t, 'nope', resourceServer)).toEqual({ active: false });
    });
  });

  describe('authenticated callers only', () => {
    it('no client authentication: 401 invalid_client', async () => {
      const tokens = await codeTokens(t, client);
      const res = await request(t.http)
        .post(INTROSPECT_PATH)
        .type('form')
        .send({ token: tokens.access_token });
      expectOAuthError(res, 'invalid_client', 401);
      expect(res.body).not.toHaveProperty('active');
    });

    it('a public client, even for its own token: 401 invalid_client', async () => {
      const tokens = await codeTokens(t, spa);
      const res = await postForm(t, INTROSPECT_PATH, { token: tokens.access_token }, spa);
      expectOAuthError(res, 'invalid_client', 401);
      expect(res.body).not.toHaveProperty('active');
    });

    it('a wrong secret with Basic: 401 with a Basic challenge', async () => {
      const res = await request(t.http)
        .post(INTROSPECT_PATH)
        .set('Authorization', basic(client.clientId, 'wrong'))
        .type('form')
        .send({ token: 'x' });
      expectOAuthError(res, 'invalid_client', 401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    });

    it('a bearer access token instead of client credentials: 401', async () => {
      const tokens = await codeTokens(t, client);
      const res = await request(t.http)
        .post(INTROSPECT_PATH)
        .set('Authorization', `Bearer ${tokens.access_token}`)
        .type('form')
        .send({ token: tokens.access_token });
      expectOAuthError(res, 'invalid_client', 401);
    });

    it('no token parameter: 400 invalid_request', async () => {
      expectOAuthError(await postForm(t, INTROSPECT_PATH, {}, client), 'invalid_request');
    });

    it('GET: 405', async () => {
      expectOAuthError(await request(t.http).get(INTROSPECT_PATH), 'invalid_request', 405);
    });
  });
});
