import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
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
} from '../endpoints/support/endpoints.js';

const ISSUER = 'https://as.example';
const DEFAULT_AUDIENCE = 'https://api.example';
const ORDERS = 'https://orders.example/api';
const BILLING = 'https://billing.example';
const key = generateKeyPairSync('ed25519').privateKey;

describe('RFC 8707 resource indicators', () => {
  let t: E2eApp;
  let client: TestClient;
  let billingOnly: TestClient;
  let resourceServer: TestClient;

  beforeAll(async () => {
    t = await startE2eApp([
      registration(
        {
          accessTokenFormat: 'jwt',
          accessTokenAudience: DEFAULT_AUDIENCE,
          signingKeys: [{ kid: 'ed-1', key }],
          resources: [ORDERS, BILLING],
        },
        { issuer: ISSUER },
      ),
    ]);
    client = await t.addClient({
      ownerId: 'owner-1',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    });
    billingOnly = await t.addClient({ resources: [BILLING] });
    resourceServer = await t.addClient({ isResourceServer: true });
  });
  afterAll(() => t.close());

  const clientCredentials = (who: TestClient, resource?: string) =>
    postForm(t, '/oauth2/token', { grant_type: 'client_credentials', resource }, who);

  it('a named resource becomes the audience: the JWT aud and introspection aud', async () => {
    const body = expectToken(await clientCredentials(client, ORDERS));
    expect(decodeJwt(body.access_token).aud).toBe(ORDERS);
    expect(await introspect(t, body.access_token, resourceServer)).toMatchObject({
      active: true,
      aud: ORDERS,
    });
  });

  it('without a resource, the configured audience, and introspection names none', async () => {
    const body = expectToken(await clientCredentials(client));
    expect(decodeJwt(body.access_token).aud).toBe(DEFAULT_AUDIENCE);
    const described = await introspect(t, body.access_token, resourceServer);
    expect(described.active).toBe(true);
    expect(described).not.toHaveProperty('aud');
  });

  it.each([
    ['unknown to the registration', 'https://elsewhere.example'],
    ['relative', '/api'],
    ['with a fragment', `${ORDERS}#x`],
  ])('a resource %s is invalid_target, and nothing is stored', async (_, resource) => {
    const before = await t.rows('oauth2_access_token', {});
    expectOAuthError(await clientCredentials(client, resource), 'invalid_target');
    expect(await t.rows('oauth2_access_token', {})).toHaveLength(before.length);
  });

  it("a client's own resources replace the registration's", async () => {
    expectOAuthError(await clientCredentials(billingOnly, ORDERS), 'invalid_target');
    const body = expectToken(await clientCredentials(billingOnly, BILLING));
    expect(decodeJwt(body.access_token).aud).toBe(BILLING);
  });

  it('a repeated resource is invalid_request: one resource per token request', async () => {
    const form = new URLSearchParams([
      ['grant_type', 'client_credentials'],
      ['resource', ORDERS],
      ['resource', BILLING],
    ]);
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .type('form')
      .send(form.toString());
    expectOAuthError(res, 'invalid_request');
  });

  it('authorization_code without a resource: the configured audience', async () => {
    expect(decodeJwt((await codeTokens(t, client)).access_token).aud).toBe(DEFAULT_AUDIENCE);
  });

  it('authorization_code: the token request names the resource; a refresh keeps it unless it names another', async () => {
    const code = await postCodeWithResource(ORDERS);
    expect(decodeJwt(code.access_token).aud).toBe(ORDERS);

    const kept = expectToken(await refresh(t, code.refresh_token!, client));
    expect(decodeJwt(kept.access_token).aud).toBe(ORDERS);

    const moved = expectToken(
      await postForm(
        t,
        '/oauth2/token',
        { grant_type: 'refresh_token', refresh_token: kept.refresh_token, resource: BILLING },
        client,
      ),
    );
    expect(decodeJwt(moved.access_token).aud).toBe(BILLING);

    const refused = await postForm(
      t,
      '/oauth2/token',
      {
        grant_type: 'refresh_token',
        refresh_token: moved.refresh_token,
        resource: 'https://elsewhere.example',
      },
      client,
    );
    expectOAuthError(refused, 'invalid_target');
    // Refused before the refresh token was redeemed: it still works.
    expectToken(await refresh(t, moved.refresh_token!, client));
  });

  async function postCodeWithResource(resource: string) {
    const code = await t.issueCode({
      clientId: client.clientId,
      userId: 'user-1',
      redirectUri: REDIRECT_URI,
      codeChallenge: s256(VERIFIER),
      codeChallengeMethod: 'S256',
    });
    return expectToken(
      await postForm(
        t,
        '/oauth2/token',
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: VERIFIER,
          resource,
        },
        client,
      ),
    );
  }
});

describe('RFC 8707 resource indicators: options', () => {
  it('refuses a resource that is not an absolute URI without fragment, at startup', async () => {
    await expect(
      startE2eApp([OAuth2TokenModule.forRoot({ resources: ['https://ok.example', 'api'] })]),
    ).rejects.toThrow(/resources must be an absolute URI without fragment/);
  });

  it('without resources configured, any resource is invalid_target on an opaque registration', async () => {
    const t = await startE2eApp([registration()]);
    try {
      const who = await t.addClient({ grantTypes: ['client_credentials'] });
      const res = await postForm(
        t,
        '/oauth2/token',
        { grant_type: 'client_credentials', resource: ORDERS },
        who,
      );
      expectOAuthError(res, 'invalid_target');
    } finally {
      await t.close();
    }
  });

  it('an opaque token issued for a resource is introspected with its aud', async () => {
    const t = await startE2eApp([registration({ resources: [ORDERS] })]);
    try {
      const who = await t.addClient({ grantTypes: ['client_credentials'] });
      const rs = await t.addClient({ isResourceServer: true });
      const body = expectToken(
        await postForm(
          t,
          '/oauth2/token',
          { grant_type: 'client_credentials', resource: ORDERS },
          who,
        ),
      );
      expect(await introspect(t, body.access_token, rs)).toMatchObject({
        active: true,
        aud: ORDERS,
      });
    } finally {
      await t.close();
    }
  });
});
