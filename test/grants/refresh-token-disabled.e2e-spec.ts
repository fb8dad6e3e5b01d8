import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

describe('refreshable: false', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot({ refreshable: false })]);
    client = await t.addClient();
  });
  afterAll(() => t.close());

  it('issues no refresh_token', async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1' });
    const body = expectToken(
      await postToken(t, { grant_type: 'authorization_code', code }, client),
    );
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('answers the refresh_token grant with unsupported_grant_type', async () => {
    const res = await postToken(
      t,
      { grant_type: 'refresh_token', refresh_token: 'anything-0123456789abcdefghijklmnopqrstuv' },
      client,
    );
    expectOAuthError(res, 'unsupported_grant_type');
  });
});
