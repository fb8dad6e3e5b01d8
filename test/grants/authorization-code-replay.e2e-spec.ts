import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

describe('authorization_code grant: a code is used once; a replay revokes its tokens', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read');
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const redeem = (code: string) => postToken(t, { grant_type: 'authorization_code', code }, client);
  const tokenRow = async (accessToken: string) => {
    const [row] = await t.rows('oauth2_access_token', { token_hash: hashSecret(accessToken) });
    return row;
  };

  it('refuses the second use (invalid_grant) and revokes the tokens of the first', async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
    const first = expectToken(await redeem(code));
    expect((await tokenRow(first.access_token)).revoked_at).toBeNull();

    expectOAuthError(await redeem(code), 'invalid_grant');

    expect((await tokenRow(first.access_token)).revoked_at).not.toBeNull();
    const refresh = await postToken(
      t,
      { grant_type: 'refresh_token', refresh_token: first.refresh_token },
      client,
    );
    expectOAuthError(refresh, 'invalid_grant');
  });

  it('revokes the refreshed tokens of the chain as well', async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
    const first = expectToken(await redeem(code));
    const refreshed = expectToken(
      await postToken(
        t,
        { grant_type: 'refresh_token', refresh_token: first.refresh_token },
        client,
      ),
    );

    expectOAuthError(await redeem(code), 'invalid_grant');

    expect((await tokenRow(refreshed.access_token)).revoked_at).not.toBeNull();
    const again = await postToken(
      t,
      { grant_type: 'refresh_token', refresh_token: refreshed.refresh_token },
      client,
    );
    expectOAuthError(again, 'invalid_grant');
  });

  it("leaves other codes' tokens alone", async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
    const other = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
    expectToken(await redeem(code));
    const kept = expectToken(await redeem(other));
    expectOAuthError(await redeem(code), 'invalid_grant');
    expect((await tokenRow(kept.access_token)).revoked_at).toBeNull();
  });
});
