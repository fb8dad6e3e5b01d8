import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OAuth2TokenModule, RESOURCE_OWNER_AUTHENTICATOR } from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { expectToken } from './support/expect-oauth2.js';

const STANDARD_MEMBERS = ['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope'];

describe('successful token response (RFC 6749 §5.1)', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await createTestApp([
      OAuth2TokenModule.forRoot({
        accessTokenExpiresIn: 900,
        providers: [
          { provide: RESOURCE_OWNER_AUTHENTICATOR, useValue: { authenticate: async () => 'u1' } },
        ],
      }),
    ]);
    await t.addScopes('read');
    const { clientId, clientSecret } = await t.addClient({
      grantTypes: ['client_credentials', 'password'],
    });
    auth = basic(clientId, clientSecret);
  });
  afterAll(() => t.close());

  const token = (fields: Record<string, string>) =>
    request(t.http)
      .post('/oauth2/token')
      .set('Authorization', auth)
      .type('form')
      .send(new URLSearchParams(fields).toString());

  it('is 200 JSON (UTF-8) with Cache-Control: no-store and Pragma: no-cache', async () => {
    const res = await token({ grant_type: 'client_credentials', scope: 'read' });
    expectToken(res);
    expect(res.headers['content-type']).toMatch(/^application\/json(;\s*charset=utf-8)?$/i);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['pragma']).toBe('no-cache');
  });

  it('is a single JSON object with unique, standard members of the right types', async () => {
    const res = await token({ grant_type: 'client_credentials', scope: 'read' });
    expect(res.text.trim().startsWith('{')).toBe(true);
    const body = expectToken(res);
    expect(Object.keys(body).every((key) => STANDARD_MEMBERS.includes(key))).toBe(true);
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: expect.stringMatching(/^bearer$/i),
      expires_in: 900,
      scope: 'read',
    });
  });

  it('gives client_credentials no refresh token (RFC 6749 §4.4.3)', async () => {
    const body = expectToken(await token({ grant_type: 'client_credentials' }));
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('gives the password grant a refresh token, distinct from the access token', async () => {
    const body = expectToken(await token({ grant_type: 'password', username: 'u', password: 'p' }));
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(body.refresh_token).not.toBe(body.access_token);
  });

  it('issues a fresh token of at least 128 bits each time (RFC 6749 §10.10)', async () => {
    const first = expectToken(await token({ grant_type: 'client_credentials' }));
    const second = expectToken(await token({ grant_type: 'client_credentials' }));
    expect(first.access_token).not.toBe(second.access_token);
    expect(String(first.access_token)).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  });
});
