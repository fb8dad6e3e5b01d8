import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectToken, postToken } from '../support/token-request.js';

describe('refresh_token grant: concurrent refreshes of one token', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read');
    client = await t.addClient();
  });
  afterAll(() => t.close());

  it('answers exactly one of 20 parallel refreshes; the others get 400 invalid_grant and end the chain', async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
    const first = expectToken(
      await postToken(t, { grant_type: 'authorization_code', code }, client),
    );

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        postToken(t, { grant_type: 'refresh_token', refresh_token: first.refresh_token }, client),
      ),
    );

    const statuses = responses.map((res) => res.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(
      responses.filter((res) => res.status !== 200).map((res) => [res.status, res.body.error]),
    ).toEqual(Array.from({ length: 19 }, () => [400, 'invalid_grant']));

    const [original] = await t.rows('oauth2_access_token', {
      token_hash: hashSecret(first.access_token),
    });
    const family = await t.rows('oauth2_access_token', { family_id: original.family_id });
    expect(family).toHaveLength(2);
    // Every duplicate, before or after the winner's commit, revokes the chain (RFC 9700 §4.14.2).
    expect(
      await t.rows('oauth2_access_token', { family_id: original.family_id, revoked_at: null }),
    ).toEqual([]);
  });
});
