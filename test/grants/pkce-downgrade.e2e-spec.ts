import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('PKCE downgrade protection (RFC 9700 §4.8.2)', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    client = await t.addClient();
  });
  afterAll(() => t.close());

  it('refuses a code_verifier for a code issued without a challenge (invalid_grant)', async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1' });
    const res = await postToken(
      t,
      { grant_type: 'authorization_code', code, code_verifier: VERIFIER },
      client,
    );
    expectOAuthError(res, 'invalid_grant');
  });

  it('accepts the same kind of code without a verifier', async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1' });
    expectToken(await postToken(t, { grant_type: 'authorization_code', code }, client));
  });
});
