import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { authenticatorProvider } from '../support/resource-owners.js';
import { seedClient } from '../support/seed-rows.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const ALICE = { grant_type: 'password', username: 'alice', password: 'wonder' };

describe('password grant: which clients and scopes may use it', () => {
  let t: E2eApp;
  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRoot({ scope: ['read'], providers: [authenticatorProvider] }),
    ]);
    await t.addScopes('read', 'admin');
  });
  afterAll(() => t.close());

  it('refuses a client that does not list the password grant (unauthorized_client)', async () => {
    const client = await t.addClient();
    expectOAuthError(await postToken(t, ALICE, client), 'unauthorized_client');
  });

  it("grants a scope within the module's scope option", async () => {
    const client = await t.addClient({ grantTypes: ['password'] });
    expectToken(await postToken(t, { ...ALICE, scope: 'read' }, client));
  });

  it("refuses a scope outside the module's scope option (invalid_scope)", async () => {
    const client = await t.addClient({ grantTypes: ['password'] });
    expectOAuthError(await postToken(t, { ...ALICE, scope: 'admin' }, client), 'invalid_scope');
  });

  it('refuses a public client, even one stored with the password grant (unauthorized_client)', async () => {
    const client = await seedClient(t, { isPublic: true, grantTypes: ['password'] });
    const res = await postToken(t, { ...ALICE, client_id: client.clientId });
    expectOAuthError(res, 'unauthorized_client');
  });
});

describe('password grant without a ResourceOwnerAuthenticator', () => {
  let t: E2eApp;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
  });
  afterAll(() => t.close());

  it('is not offered (unsupported_grant_type)', async () => {
    const client = await t.addClient({ grantTypes: ['password'] });
    expectOAuthError(await postToken(t, ALICE, client), 'unsupported_grant_type');
  });
});
