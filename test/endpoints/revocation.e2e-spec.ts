import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { basic } from '../support/test-app.js';
import { expectOAuthError, expectToken } from '../support/token-request.js';
import {
  ProtectedApiModule,
  REDIRECT_URI,
  REVOKE_PATH,
  codeTokens,
  introspect,
  postForm,
  refresh,
  registration,
  resourceAccepts,
} from './support/endpoints.js';

describe('revocation endpoint (RFC 7009)', () => {
  let t: E2eApp;
  let client: TestClient;
  let other: TestClient;
  let spa: TestClient;
  const revoke = (form: Record<string, string | undefined>, as: TestClient = client) =>
    postForm(t, REVOKE_PATH, form, as);
  const expectRevokedOk = (res: Awaited<ReturnType<typeof revoke>>) => {
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: {} });
    expect(res.headers['cache-control']).toBe('no-store');
  };

  beforeAll(async () => {
    t = await startE2eApp([registration(), ProtectedApiModule]);
    await t.addScopes('email');
    client = await t.addClient({ redirectUris: [REDIRECT_URI] });
    other = await t.addClient({ redirectUris: [REDIRECT_URI] });
    spa = await t.addClient({ redirectUris: [REDIRECT_URI], isPublic: true });
  });
  afterAll(() => t.close());

  it('an access token: 200, then refused by the resource server and inactive; its refresh token too', async () => {
    const tokens = await codeTokens(t, client);
    expect(await resourceAccepts(t, tokens.access_token)).toBe(true);
    expectRevokedOk(await revoke({ token: tokens.access_token }));
    expect(await resourceAccepts(t, tokens.access_token)).toBe(false);
    expect(await introspect(t, tokens.access_token, client)).toEqual({ active: false });
    expect(await introspect(t, tokens.refresh_token!, client)).toEqual({ active: false });
    expectOAuthError(await refresh(t, tokens.refresh_token!, client), 'invalid_grant');
  });

  it('a refresh token revokes its whole family: earlier and later access tokens of the chain', async () => {
    const first = await codeTokens(t, client);
    const second = expectToken(await refresh(t, first.refresh_token!, client));
    const unrelated = await codeTokens(t, client);
    expectRevokedOk(
      await revoke({ token: second.refresh_token!, token_type_hint: 'refresh_token' }),
    );
    expect(await resourceAccepts(t, first.access_token)).toBe(false);
    expect(await resourceAccepts(t, second.access_token)).toBe(false);
    expectOAuthError(await refresh(t, second.refresh_token!, client), 'invalid_grant');
    expect(await resourceAccepts(t, unrelated.access_token)).toBe(true);
  });

  it.each([
    ['an access token with hint refresh_token', 'access_token', 'refresh_token'],
    ['a refresh token with hint access_token', 'refresh_token', 'access_token'],
    ['an access token with an unknown hint', 'access_token', 'id_token'],
  ] as const)('the hint is advisory: %s is found and revoked', async (_n, kind, hint) => {
    const tokens = await codeTokens(t, client);
    expectRevokedOk(await revoke({ token: tokens[kind]!, token_type_hint: hint }));
    expect(await resourceAccepts(t, tokens.access_token)).toBe(false);
  });

  it('an unknown token: 200', async () => {
    expectRevokedOk(await revoke({ token: 'no-such-token' }));
  });

  it('revoking twice: 200 both times', async () => {
    const tokens = await codeTokens(t, client);
    expectRevokedOk(await revoke({ token: tokens.access_token }));
    expectRevokedOk(await revoke({ token: tokens.access_token }));
  });

  it("another client's token: 200, and the token stays valid", async () => {
    const tokens = await codeTokens(t, other);
    expectRevokedOk(await revoke({ token: tokens.access_token }));
    expectRevokedOk(await revoke({ token: tokens.refresh_token! }));
    expect(await resourceAccepts(t, tokens.access_token)).toBe(true);
    expect(await introspect(t, tokens.access_token, other)).toMatchObject({ active: true });
    expectToken(await refresh(t, tokens.refresh_token!, other));
  });

  it('a public client revokes its own refresh token with its client_id (RFC 7009 §2.1)', async () => {
    const tokens = await codeTokens(t, spa);
    expectRevokedOk(await revoke({ token: tokens.refresh_token! }, spa));
    expectOAuthError(await refresh(t, tokens.refresh_token!, spa), 'invalid_grant');
    expect(await resourceAccepts(t, tokens.access_token)).toBe(false);
  });

  it('client_secret_post works like Basic', async () => {
    const tokens = await codeTokens(t, client);
    const res = await request(t.http).post(REVOKE_PATH).type('form').send({
      token: tokens.access_token,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expectRevokedOk(res);
    expect(await resourceAccepts(t, tokens.access_token)).toBe(false);
  });

  describe('refusals', () => {
    it('no client authentication: 401 invalid_client, and the token stays valid', async () => {
      const tokens = await codeTokens(t, client);
      const res = await request(t.http)
        .post(REVOKE_PATH)
        .type('form')
        .send({ token: tokens.access_token });
      expectOAuthError(res, 'invalid_client', 401);
      expect(await resourceAccepts(t, tokens.access_token)).toBe(true);
    });

    it('a wrong secret with Basic: 401 with a Basic challenge', async () => {
      const tokens = await codeTokens(t, client);
      const res = await request(t.http)
        .post(REVOKE_PATH)
        .set('Authorization', basic(client.clientId, 'wrong'))
        .type('form')
        .send({ token: tokens.access_token });
      expectOAuthError(res, 'invalid_client', 401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(await resourceAccepts(t, tokens.access_token)).toBe(true);
    });

    it('no token: 400 invalid_request', async () => {
      expectOAuthError(await revoke({}), 'invalid_request');
    });

    it('a repeated token: 400 invalid_request', async () => {
      const res = await request(t.http)
        .post(REVOKE_PATH)
        .set('Authorization', basic(client.clientId, client.clientSecret))
        .type('form')
        .send('token=a&token=b');
      expectOAuthError(res, 'invalid_request');
    });

    it('GET: 405 with Allow: POST', async () => {
      const res = await request(t.http).get(REVOKE_PATH);
      expectOAuthError(res, 'invalid_request', 405);
      expect(res.headers.allow).toBe('POST');
    });

    it('a JSON body: 400 invalid_request', async () => {
      const res = await request(t.http)
        .post(REVOKE_PATH)
        .set('Authorization', basic(client.clientId, client.clientSecret))
        .send({ token: 'x' });
      expectOAuthError(res, 'invalid_request');
    });
  });
});

describe('revocation and introspection are opt-in', () => {
  let t: E2eApp;
  beforeAll(async () => {
    t = await startE2eApp([
      registration({}, { revocationPath: undefined, introspectionPath: undefined }),
    ]);
  });
  afterAll(() => t.close());

  it('without revocationPath or introspectionPath neither route exists', async () => {
    for (const path of [REVOKE_PATH, '/oauth2/introspect']) {
      expect((await request(t.http).post(path).type('form').send({ token: 'x' })).status).toBe(404);
    }
  });
});
