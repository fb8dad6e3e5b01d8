import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken, s256 } from '../support/token-request.js';

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
const verifierOf = (length: number) =>
  Array.from({ length }, (_, i) => UNRESERVED[(i * 7) % UNRESERVED.length]).join('');

/**
 * RFC 7636 §4.1: a verifier is 43 to 128 unreserved characters. Each code's challenge is the S256 of the very
 * verifier sent, so only the verifier's syntax can make the request fail.
 */
describe('PKCE code_verifier syntax (RFC 7636 §4.1)', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read');
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const redeemWith = async (verifier: string) => {
    const code = await t.issueCode({
      clientId: client.clientId,
      userId: 'u1',
      scope: 'read',
      codeChallenge: s256(verifier),
      codeChallengeMethod: 'S256',
    });
    return postToken(
      t,
      { grant_type: 'authorization_code', code, code_verifier: verifier },
      client,
    );
  };

  it.each([
    ['43', verifierOf(43)],
    ['128', verifierOf(128)],
  ])('accepts a %s-character verifier', async (_, verifier) => {
    expectToken(await redeemWith(verifier));
  });

  it.each([
    ['of 42 characters', verifierOf(42)],
    ['of 129 characters', verifierOf(129)],
    ['with a "+"', verifierOf(42) + '+'],
    ['with a "="', verifierOf(42) + '='],
    ['with a space', verifierOf(21) + ' ' + verifierOf(21)],
  ])('refuses a verifier %s (invalid_grant)', async (_, verifier) => {
    expectOAuthError(await redeemWith(verifier), 'invalid_grant');
  });
});
