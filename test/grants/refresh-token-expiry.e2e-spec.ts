import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessToken, OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

describe('refresh_token grant: an expired refresh token (refreshTokenExpiresIn)', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot({ refreshTokenExpiresIn: 60 })]);
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const obtain = async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1' });
    return expectToken(await postToken(t, { grant_type: 'authorization_code', code }, client));
  };
  const refresh = (refreshToken: string | undefined) =>
    postToken(t, { grant_type: 'refresh_token', refresh_token: refreshToken }, client);

  it('works within its lifetime', async () => {
    const first = await obtain();
    expect(expectToken(await refresh(first.refresh_token)).refresh_token).toBeDefined();
  });

  it('is issued with the configured lifetime', async () => {
    const first = await obtain();
    const row = await t.dataSource
      .getRepository(AccessToken)
      .findOneByOrFail({ refreshTokenHash: hashSecret(first.refresh_token!) });
    expect(row.refreshExpiresAt! - row.issuedAt).toBe(60);
  });

  it('is refused once expired (invalid_grant)', async () => {
    const first = await obtain();
    // Time passing, without a flaky sleep across whole-second boundaries: its expiry moves into the past.
    await t.dataSource
      .getRepository(AccessToken)
      .update(
        { refreshTokenHash: hashSecret(first.refresh_token!) },
        { refreshExpiresAt: Math.floor(Date.now() / 1000) - 1 },
      );
    expectOAuthError(await refresh(first.refresh_token), 'invalid_grant');
  });
});
