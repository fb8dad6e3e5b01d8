import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { RESOURCE_OWNER_AUTHENTICATOR } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { seedCode } from '../support/seed-rows.js';
import { basic } from '../support/test-app.js';
import { expectOAuthError, expectToken, s256 } from '../support/token-request.js';
import {
  REDIRECT_URI,
  VERIFIER,
  codeTokens,
  introspect,
  postForm,
  refresh,
  registration,
} from './support/endpoints.js';

describe('public clients (token endpoint auth method "none")', () => {
  let t: E2eApp;
  let spa: TestClient;
  let confidential: TestClient;
  const authenticate = jest.fn(async () => 'user-1');
  const token = (form: Record<string, string | undefined>, client: TestClient = spa) =>
    postForm(t, '/oauth2/token', form, client);
  const issueS256Code = (client: TestClient = spa) =>
    t.issueCode({
      clientId: client.clientId,
      userId: 'u',
      redirectUri: REDIRECT_URI,
      codeChallenge: s256(VERIFIER),
      codeChallengeMethod: 'S256',
    });
  const redeemCode = (code: string, codeVerifier?: string) =>
    token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: codeVerifier,
    });

  beforeAll(async () => {
    t = await startE2eApp([
      registration(
        {},
        { providers: [{ provide: RESOURCE_OWNER_AUTHENTICATOR, useValue: { authenticate } }] },
      ),
    ]);
    await t.addScopes('email');
    spa = await t.addClient({
      redirectUris: [REDIRECT_URI],
      isPublic: true,
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
    });
    confidential = await t.addClient({ redirectUris: [REDIRECT_URI] });
  });
  afterAll(() => t.close());

  it('are registered without a secret, with auth method none, and no client_credentials by default', async () => {
    const registered = await t.addClient({ isPublic: true });
    expect(registered.clientSecret).toBe('');
    const [row] = await t.rows('oauth2_client', { client_id: registered.clientId });
    expect(row.secret_hash).toBeNull();
    expect(JSON.parse(String(row.grant_types))).not.toContain('client_credentials');
    await expect(
      t.addClient({ isPublic: true, tokenEndpointAuthMethod: 'client_secret_basic' }),
    ).rejects.toThrow(/Public clients authenticate with "none"/);
  });

  describe('authorization_code: only with PKCE', () => {
    it('redeem an S256 code with client_id and code_verifier', async () => {
      const tokens = await codeTokens(t, spa, { scope: 'email' });
      expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'email' });
      expect(tokens.refresh_token).toEqual(expect.any(String));
    });

    it('cannot be issued a code without a challenge', async () => {
      await expect(
        t.issueCode({ clientId: spa.clientId, userId: 'u', redirectUri: REDIRECT_URI }),
      ).rejects.toThrow(/PKCE/);
    });

    it('a code without challenge (an older row) is refused at the token endpoint: invalid_grant', async () => {
      const code = await seedCode(t, { clientId: spa.clientId, redirectUri: REDIRECT_URI });
      expectOAuthError(await redeemCode(code), 'invalid_grant');
    });

    it('a code with a plain challenge is refused unless allowPlainPkce: invalid_grant', async () => {
      const code = await seedCode(t, {
        clientId: spa.clientId,
        redirectUri: REDIRECT_URI,
        codeChallenge: VERIFIER,
        codeChallengeMethod: 'plain',
      });
      expectOAuthError(await redeemCode(code, VERIFIER), 'invalid_grant');
    });

    it('a wrong verifier: invalid_grant', async () => {
      const code = await issueS256Code();
      expectOAuthError(await redeemCode(code, 'x'.repeat(43)), 'invalid_grant');
    });

    it("another client's code: invalid_grant", async () => {
      const code = await issueS256Code(confidential);
      expectOAuthError(await redeemCode(code, VERIFIER), 'invalid_grant');
    });
  });

  describe('refresh_token: always rotated, and a replay revokes the chain', () => {
    it('each refresh answers a new refresh token; the old one is refused and its reuse revokes the newest', async () => {
      const first = await codeTokens(t, spa);
      const second = expectToken(await refresh(t, first.refresh_token!, spa));
      expect(second.refresh_token).toEqual(expect.any(String));
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expectOAuthError(await refresh(t, first.refresh_token!, spa), 'invalid_grant');
      expect(await introspect(t, second.access_token, confidential)).toEqual({ active: false });
      expectOAuthError(await refresh(t, second.refresh_token!, spa), 'invalid_grant');
    });

    it('another public client cannot use the refresh token: invalid_grant', async () => {
      const other = await t.addClient({ redirectUris: [REDIRECT_URI], isPublic: true });
      const tokens = await codeTokens(t, spa);
      expectOAuthError(await refresh(t, tokens.refresh_token!, other), 'invalid_grant');
      expectToken(await refresh(t, tokens.refresh_token!, spa));
    });
  });

  describe('never client_credentials or password, even when listed', () => {
    it('client_credentials: unauthorized_client', async () => {
      expectOAuthError(await token({ grant_type: 'client_credentials' }), 'unauthorized_client');
    });

    it('password: unauthorized_client, and the password is never checked', async () => {
      authenticate.mockClear();
      expectOAuthError(
        await token({ grant_type: 'password', username: 'alice', password: 'secret' }),
        'unauthorized_client',
      );
      expect(authenticate).not.toHaveBeenCalled();
    });
  });

  describe('client authentication', () => {
    const codeForm = async () => ({
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URI,
      code_verifier: VERIFIER,
      code: await issueS256Code(),
    });

    it('a client_secret from a public client: 401 invalid_client', async () => {
      const res = await request(t.http)
        .post('/oauth2/token')
        .type('form')
        .send({ ...(await codeForm()), client_id: spa.clientId, client_secret: 'anything' });
      expectOAuthError(res, 'invalid_client', 401);
    });

    it('HTTP Basic with an empty secret: 401 invalid_client', async () => {
      const res = await request(t.http)
        .post('/oauth2/token')
        .set('Authorization', basic(spa.clientId, ''))
        .type('form')
        .send(await codeForm());
      expectOAuthError(res, 'invalid_client', 401);
    });

    it('no client_id at all: 401 invalid_client', async () => {
      const res = await request(t.http)
        .post('/oauth2/token')
        .type('form')
        .send(await codeForm());
      expectOAuthError(res, 'invalid_client', 401);
    });

    it("a confidential client's id without its secret: 401 invalid_client", async () => {
      const res = await request(t.http)
        .post('/oauth2/token')
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: confidential.clientId });
      expectOAuthError(res, 'invalid_client', 401);
    });
  });
});
