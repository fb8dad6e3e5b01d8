import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import {
  AuthorizationCodeGrant,
  InvalidGrant,
  OAuth2TokenModule,
  type Code,
} from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken, s256 } from '../support/token-request.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/** A stricter policy by subclassing: every code, even a confidential client's, must carry a PKCE challenge. */
@Injectable()
class PkceRequiredCodeGrant extends AuthorizationCodeGrant {
  protected override checkProofKey(
    code: Code,
    verifier: string | undefined,
    publicClient: boolean,
  ): void {
    if (code.codeChallenge === null) throw new InvalidGrant('PKCE is required');
    super.checkProofKey(code, verifier, publicClient);
  }
}

describe('a subclass of a built-in grant overriding a protected method', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot({ grants: [PkceRequiredCodeGrant] })]);
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const issue = (withChallenge: boolean) =>
    t.issueCode({
      clientId: client.clientId,
      userId: 'u1',
      ...(withChallenge && { codeChallenge: s256(VERIFIER), codeChallengeMethod: 'S256' }),
    });
  const redeem = (code: string, verifier?: string) =>
    postToken(t, { grant_type: 'authorization_code', code, code_verifier: verifier }, client);

  it("refuses a confidential client's code without a challenge (invalid_grant)", async () => {
    expectOAuthError(await redeem(await issue(false)), 'invalid_grant');
  });

  it('accepts a code with a challenge and its verifier', async () => {
    expectToken(await redeem(await issue(true), VERIFIER));
  });

  it('keeps the inherited check of the verifier (invalid_grant)', async () => {
    expectOAuthError(await redeem(await issue(true), VERIFIER.replace('d', 'e')), 'invalid_grant');
  });
});
