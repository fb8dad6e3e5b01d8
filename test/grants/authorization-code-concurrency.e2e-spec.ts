import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { postToken } from '../support/token-request.js';

describe('authorization_code grant: concurrent redemptions of one code', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read');
    client = await t.addClient();
  });
  afterAll(() => t.close());

  it('issues exactly one token for 20 parallel requests; the others get invalid_grant and revoke it', async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        postToken(t, { grant_type: 'authorization_code', code }, client),
      ),
    );

    const statuses = responses.map((res) => res.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    const refused = responses.filter((res) => res.status !== 200);
    expect(refused.map((res) => [res.status, res.body.error])).toEqual(
      Array.from({ length: 19 }, () => [400, 'invalid_grant']),
    );

    const [codeRow] = await t.rows('oauth2_code', { code_hash: hashSecret(code) });
    const tokens = await t.rows('oauth2_access_token', { code_id: codeRow.id });
    expect(tokens).toHaveLength(1);
    // Every duplicate, before or after the winner's commit, revokes what came of the code (RFC 6749 §4.1.2).
    expect(await t.rows('oauth2_access_token', { code_id: codeRow.id, revoked_at: null })).toEqual(
      [],
    );
  });
});
