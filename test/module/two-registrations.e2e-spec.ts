import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAC, OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

describe('two registrations of the module in one app', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRoot({ path: 'oauth2/token' }),
      OAuth2TokenModule.forRoot({ path: 'token', authenticationMethod: MAC, refreshable: false }),
    ]);
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const redeemAt = async (path: string) => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1' });
    return postToken(t, { grant_type: 'authorization_code', code }, client, path);
  };

  it('/oauth2/token issues bearer tokens with a refresh token', async () => {
    const body = expectToken(await redeemAt('/oauth2/token'));
    expect(body).toMatchObject({ token_type: 'bearer', refresh_token: expect.any(String) });
    expect(body).not.toHaveProperty('mac_key');
  });

  it('/token issues mac tokens without a refresh token to the same client', async () => {
    const body = expectToken(await redeemAt('/token'));
    expect(body).toMatchObject({ token_type: 'mac', mac_algorithm: 'hmac-sha-256' });
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('accepts the refresh_token grant only where refresh tokens are issued', async () => {
    const { refresh_token } = expectToken(await redeemAt('/oauth2/token'));
    const form = { grant_type: 'refresh_token', refresh_token };
    expectOAuthError(await postToken(t, form, client, '/token'), 'unsupported_grant_type');
    const refreshed = expectToken(await postToken(t, form, client, '/oauth2/token'));
    expect(refreshed.token_type).toBe('bearer');
  });
});
