import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const REDIRECT = 'https://a/cb';

describe('authorization_code grant: redeeming a code', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read', 'write', 'admin');
    client = await t.addClient({ redirectUris: [REDIRECT] });
  });
  afterAll(() => t.close());

  const issue = (scope = 'read write', extra: { expiresIn?: number } = {}) =>
    t.issueCode({
      clientId: client.clientId,
      userId: 'user-1',
      redirectUri: REDIRECT,
      scope,
      ...extra,
    });
  const redeem = (code: string | undefined) =>
    postToken(t, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, client);

  it('answers a valid code with the RFC 6749 §5.1 response', async () => {
    const res = await redeem(await issue());
    const body = expectToken(res);
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: expect.any(Number),
      refresh_token: expect.any(String),
      scope: 'read write',
    });
    expect(body.refresh_token).not.toBe(body.access_token);
  });

  it("grants the code's scope, not more", async () => {
    const res = await redeem(await issue('read'));
    expect(expectToken(res).scope).toBe('read');
  });

  it('never widens the scope to a scope parameter asking for more than the code holds', async () => {
    const code = await issue('read');
    const res = await postToken(
      t,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, scope: 'read admin' },
      client,
    );
    expect(expectToken(res).scope).toBe('read');
  });

  it('ignores a scope parameter, which §4.1.3 does not define, even an unknown value (RFC 6749 §3.2)', async () => {
    const code = await issue('read');
    const res = await postToken(
      t,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, scope: 'no-such-scope' },
      client,
    );
    expect(expectToken(res).scope).toBe('read');
  });

  it('gives codes a short default lifetime (at most 10 minutes, RFC 6749 §4.1.2)', async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1' });
    const [row] = await t.rows('oauth2_code', { code_hash: hashSecret(code) });
    const lifetime = Number(row.expires_at) - Number(row.issued_at);
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(600);
  });

  it('requires code (invalid_request)', async () => {
    expectOAuthError(await redeem(undefined), 'invalid_request');
  });

  it('refuses an unknown code (invalid_grant)', async () => {
    expectOAuthError(await redeem('no-such-code-0123456789abcdefghijklmnopqrstu'), 'invalid_grant');
  });

  it('refuses a tampered code (invalid_grant)', async () => {
    const code = await issue();
    const tampered = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
    expectOAuthError(await redeem(tampered), 'invalid_grant');
    expectToken(await redeem(code));
  });

  it('refuses an expired code (invalid_grant)', async () => {
    const code = await issue('read', { expiresIn: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expectOAuthError(await redeem(code), 'invalid_grant');
  });
});
