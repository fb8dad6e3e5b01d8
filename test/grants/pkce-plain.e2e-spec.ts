import { afterEach, describe, it } from '@jest/globals';
import { OAuth2TokenModule, type OAuth2TokenModuleOptions } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { seedCode } from '../support/seed-rows.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/**
 * The codes are stored directly: a plain code may predate a switch to the default `allowPlainPkce: false`, and the
 * token endpoint must refuse it then, whatever CodeIssuer would issue today.
 */
describe('PKCE plain (RFC 7636 §4.2, §7.2)', () => {
  let t: E2eApp | undefined;
  afterEach(() => t?.close());

  const redeemPlain = async (
    options: OAuth2TokenModuleOptions,
    method: 'plain' | null,
    verifier = VERIFIER,
  ) => {
    t = await startE2eApp([OAuth2TokenModule.forRoot(options)]);
    const client = await t.addClient();
    const code = await seedCode(t, {
      clientId: client.clientId,
      codeChallenge: VERIFIER,
      codeChallengeMethod: method,
    });
    return postToken(
      t,
      { grant_type: 'authorization_code', code, code_verifier: verifier },
      client,
    );
  };

  it('refuses a plain code by default (invalid_grant)', async () => {
    expectOAuthError(await redeemPlain({}, 'plain'), 'invalid_grant');
  });

  it('treats a challenge stored without method as plain, refused by default (invalid_grant)', async () => {
    expectOAuthError(await redeemPlain({}, null), 'invalid_grant');
  });

  it('accepts a plain code with allowPlainPkce: true', async () => {
    expectToken(await redeemPlain({ allowPlainPkce: true }, 'plain'));
  });

  it('accepts a plain code issued through CodeIssuer with allowPlainPkce: true', async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot({ allowPlainPkce: true })]);
    const client = await t.addClient();
    const code = await t.issueCode({
      clientId: client.clientId,
      userId: 'u1',
      codeChallenge: VERIFIER,
      codeChallengeMethod: 'plain',
    });
    const form = { grant_type: 'authorization_code', code, code_verifier: VERIFIER };
    expectToken(await postToken(t, form, client));
  });

  it('still compares the plain verifier with allowPlainPkce: true (invalid_grant)', async () => {
    const wrong = VERIFIER.replace('d', 'e');
    expectOAuthError(await redeemPlain({ allowPlainPkce: true }, 'plain', wrong), 'invalid_grant');
  });
});
