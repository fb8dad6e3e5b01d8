import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

describe('refresh_token grant: scope (RFC 6749 §6)', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read', 'write', 'admin');
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const obtain = async () => {
    const code = await t.issueCode({
      clientId: client.clientId,
      userId: 'u1',
      scope: 'read write',
    });
    return expectToken(await postToken(t, { grant_type: 'authorization_code', code }, client));
  };
  const refresh = (refreshToken: string | undefined, scope?: string) =>
    postToken(t, { grant_type: 'refresh_token', refresh_token: refreshToken, scope }, client);

  it('keeps the original scope when none is requested', async () => {
    const first = await obtain();
    expect(expectToken(await refresh(first.refresh_token)).scope).toBe('read write');
  });

  it('narrows the access token, and the next refresh gets the original scope back', async () => {
    const first = await obtain();
    const narrowed = expectToken(await refresh(first.refresh_token, 'read'));
    expect(narrowed.scope).toBe('read');

    const restored = expectToken(await refresh(narrowed.refresh_token));
    expect(restored.scope).toBe('read write');
  });

  it('lets a refresh token from a narrowed refresh narrow to another subset', async () => {
    const first = await obtain();
    const narrowed = expectToken(await refresh(first.refresh_token, 'read'));
    expect(expectToken(await refresh(narrowed.refresh_token, 'write')).scope).toBe('write');
  });

  it('refuses a wider scope (invalid_scope)', async () => {
    const first = await obtain();
    expectOAuthError(await refresh(first.refresh_token, 'read write admin'), 'invalid_scope');
  });

  it('refuses widening after a narrowed refresh (invalid_scope)', async () => {
    const first = await obtain();
    const narrowed = expectToken(await refresh(first.refresh_token, 'read'));
    expectOAuthError(await refresh(narrowed.refresh_token, 'admin'), 'invalid_scope');
  });
});
