import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectToken, postToken, s256 } from '../support/token-request.js';
import { AutoApproveModule, type AutoApproveResult } from './support/auto-approve.controller.js';

const REDIRECT_URI = 'https://client.example/cb';
const VERIFIER = 'v'.repeat(43);

/** GET /authorize with `params`; answers the redirect as a URL, or what must be shown. */
async function authorizeRequest(
  t: E2eApp,
  params: Record<string, string> | string,
): Promise<{ url?: URL; shown?: { error: string } }> {
  const query = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  const res = await request(t.http).get(`/authorize?${query}`);
  expect(res.status).toBe(200);
  const body = res.body as AutoApproveResult;
  return 'redirect' in body ? { url: new URL(body.redirect) } : { shown: body.shown };
}

const params = (client: TestClient, overrides: Record<string, string | undefined> = {}) =>
  Object.fromEntries(
    Object.entries({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: REDIRECT_URI,
      state: 'st',
      code_challenge: s256(VERIFIER),
      code_challenge_method: 'S256',
      ...overrides,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

describe('Authorizer without issuer, with allowPlainPkce and a narrower endpoint scope', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    const registration = OAuth2TokenModule.forRoot({ allowPlainPkce: true, scope: ['email'] });
    t = await startE2eApp([registration, AutoApproveModule.forRegistration(registration)]);
    await t.addScopes('email', 'profile');
    client = await t.addClient({ redirectUris: [REDIRECT_URI] });
  });
  afterAll(() => t.close());

  it('approves with code and state, and no iss when no issuer is set', async () => {
    const { url } = await authorizeRequest(t, params(client, { scope: 'email' }));
    expect(url!.searchParams.get('state')).toBe('st');
    expect(url!.searchParams.has('iss')).toBe(false);
    const token = expectToken(
      await postToken(
        t,
        {
          grant_type: 'authorization_code',
          code: url!.searchParams.get('code')!,
          redirect_uri: REDIRECT_URI,
          code_verifier: VERIFIER,
        },
        client,
      ),
    );
    expect(token.scope).toBe('email');
  });

  it('errors carry no iss either', async () => {
    const { url } = await authorizeRequest(t, params(client, { response_type: 'token' }));
    expect(url!.searchParams.get('error')).toBe('unsupported_response_type');
    expect(url!.searchParams.has('iss')).toBe(false);
  });

  it('accepts a plain challenge with allowPlainPkce, and the code needs the same verifier', async () => {
    const { url } = await authorizeRequest(
      t,
      params(client, { code_challenge: VERIFIER, code_challenge_method: 'plain' }),
    );
    const code = url!.searchParams.get('code')!;
    expect(code).toBeTruthy();
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI };
    expect(
      (await postToken(t, { ...form, code_verifier: 'w'.repeat(43) }, client)).body.error,
    ).toBe('invalid_grant');
    expectToken(await postToken(t, { ...form, code_verifier: VERIFIER }, client));
  });

  it("a registered scope outside the endpoint's scope option: invalid_scope", async () => {
    const { url } = await authorizeRequest(t, params(client, { scope: 'email profile' }));
    expect(url!.searchParams.get('error')).toBe('invalid_scope');
    expect(url!.searchParams.get('state')).toBe('st');
  });

  it('a code issued without PKCE (confidential client) redeems without verifier', async () => {
    const { url } = await authorizeRequest(
      t,
      params(client, { code_challenge: undefined, code_challenge_method: undefined }),
    );
    expectToken(
      await postToken(
        t,
        {
          grant_type: 'authorization_code',
          code: url!.searchParams.get('code')!,
          redirect_uri: REDIRECT_URI,
        },
        client,
      ),
    );
  });

  describe('RFC 6749 §4.1.2.1: once client and redirect URI are trusted, every error goes back to the client', () => {
    it('a missing response_type is invalid_request ("missing a required parameter")', async () => {
      const { url } = await authorizeRequest(t, params(client, { response_type: undefined }));
      expect(url?.searchParams.get('error')).toBe('invalid_request');
      expect(url?.searchParams.get('state')).toBe('st');
    });

    it('a repeated scope is invalid_request sent back with state, not a page for the user', async () => {
      const query = `${new URLSearchParams(params(client, { scope: 'email' }))}&scope=email`;
      const { url, shown } = await authorizeRequest(t, query);
      expect(shown).toBeUndefined();
      expect(url?.searchParams.get('error')).toBe('invalid_request');
      expect(url?.searchParams.get('state')).toBe('st');
    });

    it('a repeated client_id or redirect_uri is shown, never redirected', async () => {
      for (const name of ['client_id', 'redirect_uri']) {
        const query = `${new URLSearchParams(params(client))}&${name}=x`;
        expect((await authorizeRequest(t, query)).shown?.error).toBe('invalid_request');
      }
    });
  });
});
