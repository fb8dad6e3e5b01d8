import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const REDIRECT = 'https://a/cb';

describe('authorization_code grant: the code is bound to its client and redirect URI', () => {
  let t: E2eApp;
  let clientA: TestClient;
  let clientB: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read');
    clientA = await t.addClient({ redirectUris: [REDIRECT, 'https://a/other'] });
    clientB = await t.addClient({ redirectUris: [REDIRECT] });
  });
  afterAll(() => t.close());

  const issue = (redirectUri: string | null = REDIRECT) =>
    t.issueCode({
      clientId: clientA.clientId,
      userId: 'u1',
      redirectUri: redirectUri ?? undefined,
      scope: 'read',
    });
  const redeem = (code: string, redirectUri: string | undefined, client = clientA) =>
    postToken(t, { grant_type: 'authorization_code', code, redirect_uri: redirectUri }, client);

  it("refuses client A's code to client B, and A can still redeem it", async () => {
    const code = await issue();
    expectOAuthError(await redeem(code, REDIRECT, clientB), 'invalid_grant');
    expectToken(await redeem(code, REDIRECT, clientA));
  });

  it.each([
    ['a trailing slash', 'https://a/cb/'],
    ['a case difference in the host', 'https://A/cb'],
    ['a case difference in the path', 'https://a/CB'],
    ['a percent-encoding difference', 'https://a/%63b'],
    ['another registered URI', 'https://a/other'],
  ])('refuses a redirect_uri with %s (invalid_grant)', async (_, redirectUri) => {
    const code = await issue();
    expectOAuthError(await redeem(code, redirectUri), 'invalid_grant');
  });

  it('requires redirect_uri when the authorization request had one (invalid_request)', async () => {
    expectOAuthError(await redeem(await issue(), undefined), 'invalid_request');
  });

  it('accepts the exact redirect_uri', async () => {
    expectToken(await redeem(await issue(), REDIRECT));
  });

  it('refuses a redirect_uri when the authorization request had none (invalid_grant)', async () => {
    const code = await issue(null);
    expectOAuthError(await redeem(code, REDIRECT), 'invalid_grant');
    expectToken(await redeem(code, undefined));
  });
});
