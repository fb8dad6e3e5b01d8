import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const REDIRECT = 'https://app.example/cb';

describe('PKCE with a public client (RFC 7636, RFC 6749 §3.2.1)', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read');
    client = await t.addClient({ isPublic: true, redirectUris: [REDIRECT] });
  });
  afterAll(() => t.close());

  const issue = () =>
    t.issueCode({
      clientId: client.clientId,
      userId: 'u1',
      redirectUri: REDIRECT,
      scope: 'read',
      codeChallenge: CHALLENGE,
      codeChallengeMethod: 'S256',
    });

  it('redeems an S256 code with client_id in the body and the verifier, without a secret', async () => {
    expect(client.clientSecret).toBe('');
    const res = await postToken(t, {
      grant_type: 'authorization_code',
      client_id: client.clientId,
      code: await issue(),
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    });
    expect(expectToken(res).scope).toBe('read');
  });

  it('refuses the public client without the verifier (invalid_grant)', async () => {
    const res = await postToken(t, {
      grant_type: 'authorization_code',
      client_id: client.clientId,
      code: await issue(),
      redirect_uri: REDIRECT,
    });
    expectOAuthError(res, 'invalid_grant');
  });
});
