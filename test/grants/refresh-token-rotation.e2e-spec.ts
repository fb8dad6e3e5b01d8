import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

describe('refresh_token grant: rotation and reuse detection (RFC 9700 §4.14.2)', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read');
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const obtain = async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
    return expectToken(await postToken(t, { grant_type: 'authorization_code', code }, client));
  };
  const refresh = (refreshToken: string | undefined) =>
    postToken(t, { grant_type: 'refresh_token', refresh_token: refreshToken }, client);

  it('issues a new access token and a new refresh token', async () => {
    const first = await obtain();
    const second = expectToken(await refresh(first.refresh_token));
    expect(second).toMatchObject({ token_type: 'bearer', refresh_token: expect.any(String) });
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
  });

  it('refuses the rotated refresh token (invalid_grant)', async () => {
    const first = await obtain();
    expectToken(await refresh(first.refresh_token));
    expectOAuthError(await refresh(first.refresh_token), 'invalid_grant');
  });

  it('revokes the whole family when a rotated refresh token is replayed', async () => {
    const first = await obtain();
    const second = expectToken(await refresh(first.refresh_token));
    const third = expectToken(await refresh(second.refresh_token));

    expectOAuthError(await refresh(first.refresh_token), 'invalid_grant');

    expectOAuthError(await refresh(third.refresh_token), 'invalid_grant');
    const [newest] = await t.rows('oauth2_access_token', {
      token_hash: hashSecret(third.access_token),
    });
    expect(newest.revoked_at).not.toBeNull();
  });

  it('leaves other families alone on a replay', async () => {
    const victim = await obtain();
    const bystander = await obtain();
    expectToken(await refresh(victim.refresh_token));
    expectOAuthError(await refresh(victim.refresh_token), 'invalid_grant');
    expectToken(await refresh(bystander.refresh_token));
  });
});
