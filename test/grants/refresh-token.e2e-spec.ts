import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

describe("refresh_token grant: the refresh token must be valid and the client's own", () => {
  let t: E2eApp;
  let owner: TestClient;
  let other: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read');
    owner = await t.addClient();
    other = await t.addClient();
  });
  afterAll(() => t.close());

  const firstRefreshToken = async () => {
    const code = await t.issueCode({ clientId: owner.clientId, userId: 'u1', scope: 'read' });
    const body = expectToken(await postToken(t, { grant_type: 'authorization_code', code }, owner));
    return body.refresh_token!;
  };
  const refresh = (refreshToken: string | undefined, client = owner) =>
    postToken(t, { grant_type: 'refresh_token', refresh_token: refreshToken }, client);

  it('requires refresh_token (invalid_request)', async () => {
    expectOAuthError(await refresh(undefined), 'invalid_request');
  });

  it('refuses an unknown refresh token (invalid_grant)', async () => {
    expectOAuthError(await refresh('unknown-refresh-token-0123456789abcdefghijk'), 'invalid_grant');
  });

  it('refuses a tampered refresh token (invalid_grant)', async () => {
    const token = await firstRefreshToken();
    expectOAuthError(
      await refresh(token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')),
      'invalid_grant',
    );
  });

  it("refuses another client's refresh token (invalid_grant); its owner can still use it", async () => {
    const token = await firstRefreshToken();
    expectOAuthError(await refresh(token, other), 'invalid_grant');
    expectToken(await refresh(token, owner));
  });
});
