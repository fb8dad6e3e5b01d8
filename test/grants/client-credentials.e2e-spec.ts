import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { seedClient } from '../support/seed-rows.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const GRANT = { grant_type: 'client_credentials' };

describe('client_credentials grant (RFC 6749 §4.4)', () => {
  let t: E2eApp;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot({ refreshable: true })]);
    await t.addScopes('read');
  });
  afterAll(() => t.close());

  const userOf = async (accessToken: string) => {
    const [row] = await t.rows('oauth2_access_token', { token_hash: hashSecret(accessToken) });
    return row.user_id;
  };

  it("issues a token whose user is the client's owner", async () => {
    const client = await t.addClient({ ownerId: 'owner-42' });
    const body = expectToken(await postToken(t, { ...GRANT, scope: 'read' }, client));
    expect(body).toMatchObject({ token_type: 'bearer', scope: 'read' });
    expect(await userOf(body.access_token)).toBe('owner-42');
  });

  it('issues a token without user for a client without owner', async () => {
    const client = await t.addClient({ ownerId: null });
    const body = expectToken(await postToken(t, GRANT, client));
    expect(await userOf(body.access_token)).toBeNull();
  });

  it('never issues a refresh_token, even with refreshable: true', async () => {
    const client = await t.addClient();
    const body = expectToken(await postToken(t, GRANT, client));
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('refuses a public client (unauthorized_client)', async () => {
    const client = await t.addClient({ isPublic: true });
    const res = await postToken(t, { ...GRANT, client_id: client.clientId });
    expectOAuthError(res, 'unauthorized_client');
  });

  it('refuses a public client even when stored with the grant type (unauthorized_client)', async () => {
    const client = await seedClient(t, { isPublic: true, grantTypes: ['client_credentials'] });
    const res = await postToken(t, { ...GRANT, client_id: client.clientId });
    expectOAuthError(res, 'unauthorized_client');
  });

  it('refuses a request without client authentication (401 invalid_client)', async () => {
    expectOAuthError(await postToken(t, GRANT), 'invalid_client', 401);
  });

  it('refuses a wrong client secret (401 invalid_client)', async () => {
    const client = await t.addClient();
    const res = await postToken(t, GRANT, { ...client, clientSecret: `${client.clientSecret}x` });
    expectOAuthError(res, 'invalid_client', 401);
  });
});
