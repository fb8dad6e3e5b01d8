import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { RESOURCE_OWNER_AUTHENTICATOR } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken } from '../support/token-request.js';
import { fastForwardClock } from './support/clock.js';
import {
  INTROSPECT_PATH,
  REDIRECT_URI,
  REVOKE_PATH,
  codeTokens,
  introspect,
  postForm,
  postWithBasic,
  postWithBodyCredentials,
  refresh,
  registration,
} from './support/endpoints.js';

/** The module's own lifetimes in this file, so that "the module's default" is observable. */
const MODULE = {
  accessTokenExpiresIn: 1200,
  refreshTokenExpiresIn: 5000,
  refreshTokenAbsoluteExpiresIn: 20000,
};

describe('per-client settings (ClientRegistry.register), the module default where a client sets none', () => {
  let t: E2eApp;
  let plain: TestClient;
  let clock: ReturnType<typeof fastForwardClock> | undefined;
  const password = (client: TestClient, scope?: string) =>
    postForm(
      t,
      '/oauth2/token',
      { grant_type: 'password', username: 'alice', password: 'pw', scope },
      client,
    );
  const clientCredentials = (client: TestClient, scope?: string) =>
    postForm(t, '/oauth2/token', { grant_type: 'client_credentials', scope }, client);
  const ALL_GRANTS = ['authorization_code', 'refresh_token', 'password', 'client_credentials'];

  beforeAll(async () => {
    t = await startE2eApp([
      registration(MODULE, {
        providers: [
          {
            provide: RESOURCE_OWNER_AUTHENTICATOR,
            useValue: { authenticate: async () => 'alice' },
          },
        ],
      }),
    ]);
    await t.addScopes('email', 'profile', 'admin');
    plain = await t.addClient({ redirectUris: [REDIRECT_URI], grantTypes: ALL_GRANTS });
  });
  afterEach(() => clock?.restore());
  afterAll(() => t.close());

  describe('access-token lifetime (accessTokenExpiresIn)', () => {
    it("the client's: expires_in, introspected exp, and inactive once it passes", async () => {
      const client = await t.addClient({
        redirectUris: [REDIRECT_URI],
        grantTypes: ALL_GRANTS,
        accessTokenExpiresIn: 60,
      });
      for (const res of [await password(client), await clientCredentials(client)]) {
        expect(expectToken(res).expires_in).toBe(60);
      }
      const tokens = await codeTokens(t, client);
      expect(tokens.expires_in).toBe(60);
      const claims = await introspect(t, tokens.access_token, client);
      expect(claims.exp).toBe((claims.iat as number) + 60);
      clock = fastForwardClock();
      clock.advance(59);
      expect((await introspect(t, tokens.access_token, client)).active).toBe(true);
      clock.advance(1);
      expect((await introspect(t, tokens.access_token, client)).active).toBe(false);
      const refreshed = expectToken(await refresh(t, tokens.refresh_token!, client));
      expect(refreshed.expires_in).toBe(60);
    });

    it("none set: the module's", async () => {
      expect(expectToken(await password(plain)).expires_in).toBe(MODULE.accessTokenExpiresIn);
      expect((await codeTokens(t, plain)).expires_in).toBe(MODULE.accessTokenExpiresIn);
    });
  });

  describe('refresh-token idle lifetime (refreshTokenExpiresIn): each rotation starts a new period', () => {
    it("the client's", async () => {
      const client = await t.addClient({
        redirectUris: [REDIRECT_URI],
        grantTypes: ALL_GRANTS,
        refreshTokenExpiresIn: 100,
      });
      const first = await codeTokens(t, client);
      const claims = await introspect(t, first.refresh_token!, client);
      expect(claims.exp).toBe((claims.iat as number) + 100);
      clock = fastForwardClock();
      clock.advance(90);
      const second = expectToken(await refresh(t, first.refresh_token!, client));
      clock.advance(90);
      const third = expectToken(await refresh(t, second.refresh_token!, client));
      clock.advance(100);
      expect(await introspect(t, third.refresh_token!, client)).toEqual({ active: false });
      expectOAuthError(await refresh(t, third.refresh_token!, client), 'invalid_grant');
    });

    it("none set: the module's", async () => {
      const tokens = await codeTokens(t, plain);
      const claims = await introspect(t, tokens.refresh_token!, plain);
      expect(claims.exp).toBe((claims.iat as number) + MODULE.refreshTokenExpiresIn);
      clock = fastForwardClock();
      clock.advance(MODULE.refreshTokenExpiresIn - 1);
      expectToken(await refresh(t, tokens.refresh_token!, plain));
    });
  });

  describe('refresh-chain absolute lifetime (refreshTokenAbsoluteExpiresIn): however often it rotates', () => {
    it("the client's: the chain ends at the absolute limit though each token is fresh", async () => {
      const client = await t.addClient({
        redirectUris: [REDIRECT_URI],
        grantTypes: ALL_GRANTS,
        refreshTokenExpiresIn: 100,
        refreshTokenAbsoluteExpiresIn: 250,
      });
      const first = await codeTokens(t, client);
      const start = (await introspect(t, first.refresh_token!, client)).iat as number;
      clock = fastForwardClock();
      clock.advance(90);
      const second = expectToken(await refresh(t, first.refresh_token!, client));
      clock.advance(90);
      const third = expectToken(await refresh(t, second.refresh_token!, client));
      expect((await introspect(t, third.refresh_token!, client)).exp).toBe(start + 250);
      clock.advance(70);
      expectOAuthError(await refresh(t, third.refresh_token!, client), 'invalid_grant');
    });

    it("none set: the module's", async () => {
      const tokens = await codeTokens(t, plain);
      const claims = await introspect(t, tokens.refresh_token!, plain);
      clock = fastForwardClock();
      let current = tokens.refresh_token!;
      for (let elapsed = 4000; elapsed < MODULE.refreshTokenAbsoluteExpiresIn; elapsed += 4000) {
        clock.advance(4000);
        current = expectToken(await refresh(t, current, plain)).refresh_token!;
      }
      expect((await introspect(t, current, plain)).exp).toBe(
        (claims.iat as number) + MODULE.refreshTokenAbsoluteExpiresIn,
      );
      clock.advance(4000);
      expectOAuthError(await refresh(t, current, plain), 'invalid_grant');
    });
  });

  describe('allowed scopes (allowedScopes)', () => {
    let narrow: TestClient;
    beforeAll(async () => {
      narrow = await t.addClient({
        redirectUris: [REDIRECT_URI],
        grantTypes: ALL_GRANTS,
        allowedScopes: ['email', 'profile'],
      });
    });

    it('within them: granted', async () => {
      expect(expectToken(await password(narrow, 'email')).scope).toBe('email');
      expect(expectToken(await clientCredentials(narrow, 'email profile')).scope).toBe(
        'email profile',
      );
    });

    it('beyond them: invalid_scope, whatever the grant', async () => {
      expectOAuthError(await password(narrow, 'email admin'), 'invalid_scope');
      expectOAuthError(await clientCredentials(narrow, 'admin'), 'invalid_scope');
      const code = await t.issueCode({
        clientId: narrow.clientId,
        userId: 'alice',
        scope: 'admin',
      });
      expectOAuthError(
        await postForm(t, '/oauth2/token', { grant_type: 'authorization_code', code }, narrow),
        'invalid_scope',
      );
    });

    it('none set: any registered scope', async () => {
      expect(expectToken(await password(plain, 'admin email')).scope).toBe('admin email');
    });
  });

  describe('allowed grant types (grantTypes)', () => {
    it('a grant the client does not list: unauthorized_client', async () => {
      const machine = await t.addClient({ grantTypes: ['client_credentials'] });
      expectToken(await clientCredentials(machine));
      expectOAuthError(await password(machine), 'unauthorized_client');
      const code = await t.issueCode({ clientId: machine.clientId, userId: 'alice' });
      expectOAuthError(
        await postForm(t, '/oauth2/token', { grant_type: 'authorization_code', code }, machine),
        'unauthorized_client',
      );
      expectOAuthError(
        await postForm(
          t,
          '/oauth2/token',
          { grant_type: 'refresh_token', refresh_token: 'x' },
          machine,
        ),
        'unauthorized_client',
      );
    });

    it('none set: authorization_code, refresh_token and client_credentials, not password', async () => {
      const defaults = await t.addClient({});
      expectToken(await clientCredentials(defaults));
      expectOAuthError(await password(defaults), 'unauthorized_client');
    });
  });

  describe('authentication method (tokenEndpointAuthMethod)', () => {
    let basicOnly: TestClient;
    let postOnly: TestClient;
    const form = { grant_type: 'client_credentials' };
    beforeAll(async () => {
      basicOnly = await t.addClient({ tokenEndpointAuthMethod: 'client_secret_basic' });
      postOnly = await t.addClient({ tokenEndpointAuthMethod: 'client_secret_post' });
    });

    it('client_secret_basic: Basic works; the same credentials in the body are 401 invalid_client, with a Basic challenge', async () => {
      expectToken(await postWithBasic(t, '/oauth2/token', form, basicOnly));
      const res = await postWithBodyCredentials(t, '/oauth2/token', form, basicOnly);
      expectOAuthError(res, 'invalid_client', 401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    });

    it('client_secret_post: the body works; the same credentials with Basic are 401 with a Basic challenge', async () => {
      expectToken(await postWithBodyCredentials(t, '/oauth2/token', form, postOnly));
      const res = await postWithBasic(t, '/oauth2/token', form, postOnly);
      expectOAuthError(res, 'invalid_client', 401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    });

    it('applies at the revocation and introspection endpoints too', async () => {
      for (const path of [REVOKE_PATH, INTROSPECT_PATH]) {
        const wrong = await postWithBodyCredentials(t, path, { token: 'x' }, basicOnly);
        expect({ path, status: wrong.status }).toEqual({ path, status: 401 });
        const right = await postWithBasic(t, path, { token: 'x' }, basicOnly);
        expect({ path, status: right.status }).toEqual({ path, status: 200 });
      }
    });

    it('none set: either method', async () => {
      expectToken(await postWithBasic(t, '/oauth2/token', form, plain));
      expectToken(await postWithBodyCredentials(t, '/oauth2/token', form, plain));
    });
  });

  describe('refreshable', () => {
    it('false: no refresh_token from any grant', async () => {
      const client = await t.addClient({
        redirectUris: [REDIRECT_URI],
        grantTypes: ALL_GRANTS,
        refreshable: false,
      });
      expect(expectToken(await password(client))).not.toHaveProperty('refresh_token');
      expect(await codeTokens(t, client)).not.toHaveProperty('refresh_token');
    });

    it("none set: the module's (refreshable)", async () => {
      expect(expectToken(await password(plain)).refresh_token).toEqual(expect.any(String));
    });
  });
});

describe('per-client refreshable under a module that issues no refresh tokens', () => {
  let t: E2eApp;
  beforeAll(async () => {
    t = await startE2eApp([registration({ refreshable: false })]);
  });
  afterAll(() => t.close());

  it('refreshable: true on the client does not override the module', async () => {
    const client = await t.addClient({ redirectUris: [REDIRECT_URI], refreshable: true });
    expect(await codeTokens(t, client)).not.toHaveProperty('refresh_token');
  });
});
