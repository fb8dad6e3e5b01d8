import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { authenticatorProvider } from '../support/resource-owners.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

describe('password grant: resource owner credentials (RFC 6749 §4.3)', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot({ providers: [authenticatorProvider] })]);
    await t.addScopes('read');
    client = await t.addClient({ grantTypes: ['password'] });
  });
  afterAll(() => t.close());

  const login = (form: Record<string, string | undefined>) =>
    postToken(t, { grant_type: 'password', ...form }, client);
  const userOf = async (accessToken: string) => {
    const [row] = await t.rows('oauth2_access_token', { token_hash: hashSecret(accessToken) });
    return row.user_id;
  };

  it('issues a token for username and password, for that user', async () => {
    const body = expectToken(await login({ username: 'alice', password: 'wonder', scope: 'read' }));
    expect(body).toMatchObject({ token_type: 'bearer', scope: 'read' });
    expect(await userOf(body.access_token)).toBe('user-alice');
  });

  it('issues a token for email and password', async () => {
    const body = expectToken(await login({ email: 'alice@example.com', password: 'wonder' }));
    expect(await userOf(body.access_token)).toBe('user-alice');
  });

  it('requires username or email (invalid_request)', async () => {
    expectOAuthError(await login({ password: 'wonder' }), 'invalid_request');
  });

  it('requires password (invalid_request)', async () => {
    expectOAuthError(await login({ username: 'alice' }), 'invalid_request');
  });

  it('answers wrong password, unknown user and inactive user alike (invalid_grant)', async () => {
    const wrongPassword = await login({ username: 'alice', password: 'wrong' });
    const unknownUser = await login({ username: 'mallory', password: 'wonder' });
    const inactiveUser = await login({ username: 'bob', password: 'builder' });
    expectOAuthError(wrongPassword, 'invalid_grant');
    expect({ status: unknownUser.status, body: unknownUser.body }).toEqual({
      status: wrongPassword.status,
      body: wrongPassword.body,
    });
    expect({ status: inactiveUser.status, body: inactiveUser.body }).toEqual({
      status: wrongPassword.status,
      body: wrongPassword.body,
    });
  });
});
