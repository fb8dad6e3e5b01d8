import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Code, OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { nowInSeconds } from '../../src/entities/unix-time.transformer.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken, s256 } from '../support/token-request.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const REDIRECT = 'https://app.example/cb';

/**
 * A replay revokes only when the request proves it comes from the client (RFC 6749 §4.1.2, §10.5; RFC 9700 §4.14.2):
 * a used code found in a browser history, a log or a Referer must not let anyone end the user's session.
 */
describe('replays revoke only with proof of possession', () => {
  let t: E2eApp;
  let spa: TestClient;
  let confidential: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read', 'write');
    spa = await t.addClient({ isPublic: true, redirectUris: [REDIRECT] });
    confidential = await t.addClient({ redirectUris: [REDIRECT] });
  });
  afterAll(() => t.close());

  const issue = (client: TestClient) =>
    t.issueCode({
      clientId: client.clientId,
      userId: 'u1',
      redirectUri: REDIRECT,
      scope: 'read',
      codeChallenge: s256(VERIFIER),
      codeChallengeMethod: 'S256',
    });
  const send = (client: TestClient, form: Record<string, string | undefined>) =>
    postToken(t, { ...(!client.clientSecret && { client_id: client.clientId }), ...form }, client);
  const redeem = (
    client: TestClient,
    code: string,
    extra: Record<string, string | undefined> = {},
  ) =>
    send(client, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      ...extra,
    });
  const liveTokensOf = async (code: string) => {
    const [row] = await t.rows('oauth2_code', { code_hash: hashSecret(code) });
    return (await t.rows('oauth2_access_token', { code_id: row.id, revoked_at: null })).length;
  };
  const expire = (code: string) =>
    t.dataSource
      .getRepository(Code)
      .update({ codeHash: hashSecret(code) }, { expiresAt: nowInSeconds() - 1 });

  describe("a public client's used code", () => {
    it.each([
      ['without code_verifier', { code_verifier: undefined }, 'invalid_grant'],
      ['with a wrong code_verifier', { code_verifier: 'x'.repeat(43) }, 'invalid_grant'],
      ['with another redirect_uri', { redirect_uri: `${REDIRECT}/` }, 'invalid_grant'],
      ['without redirect_uri', { redirect_uri: undefined }, 'invalid_request'],
    ])('%s: refused, and nothing is revoked', async (_, extra, error) => {
      const code = await issue(spa);
      expectToken(await redeem(spa, code));
      expectOAuthError(await redeem(spa, code, extra), error);
      expect(await liveTokensOf(code)).toBe(1);
    });

    it('expired, without code_verifier: refused, and nothing is revoked', async () => {
      const code = await issue(spa);
      const tokens = expectToken(await redeem(spa, code));
      await expire(code);
      expectOAuthError(await redeem(spa, code, { code_verifier: undefined }), 'invalid_grant');
      expect(await liveTokensOf(code)).toBe(1);
      expectToken(
        await send(spa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
      );
    });

    it('with its redirect_uri and code_verifier: refused, and its tokens are revoked', async () => {
      const code = await issue(spa);
      const tokens = expectToken(await redeem(spa, code));
      expectOAuthError(await redeem(spa, code), 'invalid_grant');
      expect(await liveTokensOf(code)).toBe(0);
      expectOAuthError(
        await send(spa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
        'invalid_grant',
      );
    });

    it('expired, with its redirect_uri and code_verifier: its tokens are revoked all the same', async () => {
      const code = await issue(spa);
      expectToken(await redeem(spa, code));
      await expire(code);
      expectOAuthError(await redeem(spa, code), 'invalid_grant');
      expect(await liveTokensOf(code)).toBe(0);
    });
  });

  describe("a confidential client's used code with a challenge", () => {
    it('authenticated but with a wrong code_verifier: refused, and nothing is revoked', async () => {
      const code = await issue(confidential);
      expectToken(await redeem(confidential, code));
      expectOAuthError(
        await redeem(confidential, code, { code_verifier: 'x'.repeat(43) }),
        'invalid_grant',
      );
      expect(await liveTokensOf(code)).toBe(1);
    });

    it('authenticated, with its code_verifier: its tokens are revoked', async () => {
      const code = await issue(confidential);
      expectToken(await redeem(confidential, code));
      expectOAuthError(await redeem(confidential, code), 'invalid_grant');
      expect(await liveTokensOf(code)).toBe(0);
    });
  });

  describe("a public client's rotated refresh token: the token itself is the proof", () => {
    const refresh = (client: TestClient, refreshToken: string, scope?: string) =>
      send(client, { grant_type: 'refresh_token', refresh_token: refreshToken, scope });
    const liveMembers = async (accessToken: string) => {
      const [row] = await t.rows('oauth2_access_token', { token_hash: hashSecret(accessToken) });
      return (await t.rows('oauth2_access_token', { family_id: row.family_id, revoked_at: null }))
        .length;
    };

    it("presented under another client's id: refused, and nothing is revoked", async () => {
      const other = await t.addClient({ isPublic: true, redirectUris: [REDIRECT] });
      const first = expectToken(await redeem(spa, await issue(spa)));
      const second = expectToken(await refresh(spa, first.refresh_token!));
      expectOAuthError(await refresh(other, first.refresh_token!), 'invalid_grant');
      expect(await liveMembers(first.access_token)).toBe(2);
      expectToken(await refresh(spa, second.refresh_token!));
    });

    it('presented by its client, whatever else the request holds: the whole chain is revoked', async () => {
      const first = expectToken(await redeem(spa, await issue(spa)));
      const second = expectToken(await refresh(spa, first.refresh_token!));
      expectOAuthError(await refresh(spa, first.refresh_token!, 'write'), 'invalid_grant');
      expect(await liveMembers(first.access_token)).toBe(0);
      expectOAuthError(await refresh(spa, second.refresh_token!), 'invalid_grant');
    });
  });
});
