import { afterEach, describe, it } from '@jest/globals';
import { OAuth2TokenModule, type OAuth2TokenModuleOptions } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('PKCE plain (RFC 7636 §4.2, §7.2)', () => {
  let t: E2eApp | undefined;
  afterEach(() => t?.close());

  const redeemPlain = async (
    options: OAuth2TokenModuleOptions,
    method: 'plain' | undefined = 'plain',
  ) => {
    t = await startE2eApp([OAuth2TokenModule.forRoot(options)]);
    const client = await t.addClient();
    const code = await t.issueCode({
      clientId: client.clientId,
      userId: 'u1',
      codeChallenge: VERIFIER,
      codeChallengeMethod: method,
    });
    return postToken(
      t,
      { grant_type: 'authorization_code', code, code_verifier: VERIFIER },
      client,
    );
  };

  it('refuses a plain code by default (invalid_grant)', async () => {
    expectOAuthError(await redeemPlain({}), 'invalid_grant');
  });

  it('treats a challenge without method as plain, refused by default (invalid_grant)', async () => {
    expectOAuthError(await redeemPlain({}, undefined), 'invalid_grant');
  });

  it('accepts a plain code with allowPlainPkce: true', async () => {
    expectToken(await redeemPlain({ allowPlainPkce: true }));
  });

  it('still checks the plain verifier with allowPlainPkce: true', async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot({ allowPlainPkce: true })]);
    const client = await t.addClient();
    const code = await t.issueCode({
      clientId: client.clientId,
      userId: 'u1',
      codeChallenge: VERIFIER,
      codeChallengeMethod: 'plain',
    });
    const res = await postToken(
      t,
      { grant_type: 'authorization_code', code, code_verifier: VERIFIER.replace('d', 'e') },
      client,
    );
    expectOAuthError(res, 'invalid_grant');
  });
});
