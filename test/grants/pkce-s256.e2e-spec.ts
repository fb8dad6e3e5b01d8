import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken, s256 } from '../support/token-request.js';

/** RFC 7636 Appendix B. */
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE S256 (RFC 7636 §4.6)', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read');
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const issue = (codeChallenge = CHALLENGE) =>
    t.issueCode({
      clientId: client.clientId,
      userId: 'u1',
      scope: 'read',
      codeChallenge,
      codeChallengeMethod: 'S256',
    });
  const redeem = (code: string, verifier: string | undefined) =>
    postToken(t, { grant_type: 'authorization_code', code, code_verifier: verifier }, client);

  it('accepts the RFC 7636 Appendix B verifier', async () => {
    expect(s256(VERIFIER)).toBe(CHALLENGE);
    expectToken(await redeem(await issue(), VERIFIER));
  });

  it('refuses a wrong verifier (invalid_grant)', async () => {
    const wrong = VERIFIER.slice(0, -1) + (VERIFIER.endsWith('k') ? 'j' : 'k');
    expectOAuthError(await redeem(await issue(), wrong), 'invalid_grant');
  });

  it('refuses a missing verifier (invalid_grant)', async () => {
    expectOAuthError(await redeem(await issue(), undefined), 'invalid_grant');
  });

  it('ignores a code_challenge_method sent to the token endpoint', async () => {
    const code = await issue();
    const res = await postToken(
      t,
      {
        grant_type: 'authorization_code',
        code,
        code_verifier: CHALLENGE,
        code_challenge_method: 'plain',
      },
      client,
    );
    expectOAuthError(res, 'invalid_grant');
  });
});
