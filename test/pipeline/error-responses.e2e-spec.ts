import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { ERROR_TEXT, expectOAuth2Error } from './support/expect-oauth2.js';

const HOSTILE = 'é"\\<script>alert(1)</script>';

/** Neither the hostile value nor any recognisable piece or escape of it is in the response. */
function expectNoEcho(text: string): void {
  for (const piece of ['<script', 'alert(', '\\u003c', 'é', '\\u00e9', '\\"\\\\']) {
    expect(text).not.toContain(piece);
  }
}

describe('error responses (RFC 6749 §5.2)', () => {
  let t: TestApp;
  let auth: string;
  let codeOnlyAuth: string;
  beforeAll(async () => {
    t = await createTestApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read');
    const client = await t.addClient();
    auth = basic(client.clientId, client.clientSecret);
    const codeOnly = await t.addClient({ grantTypes: ['authorization_code'] });
    codeOnlyAuth = basic(codeOnly.clientId, codeOnly.clientSecret);
  });
  afterAll(() => t.close());

  const token = (fields: Record<string, string>, authorization?: string) => {
    const req = request(t.http).post('/oauth2/token').type('form');
    if (authorization) req.set('Authorization', authorization);
    return req.send(new URLSearchParams(fields).toString());
  };

  it.each([
    ['invalid_request', 400, () => token({ scope: 'read' }, auth)],
    ['invalid_client', 401, () => token({ grant_type: 'client_credentials' }, basic('x', 'y'))],
    ['invalid_grant', 400, () => token({ grant_type: 'authorization_code', code: 'nope' }, auth)],
    ['unauthorized_client', 400, () => token({ grant_type: 'client_credentials' }, codeOnlyAuth)],
    ['unsupported_grant_type', 400, () => token({ grant_type: 'urn:x:nope' }, auth)],
    ['invalid_scope', 400, () => token({ grant_type: 'client_credentials', scope: 'nope' }, auth)],
  ] as const)(
    '%s: status %d, JSON, no-store, only error/error_description/error_uri',
    async (error, status, send) => {
      const res = await send();
      expectOAuth2Error(res, status, error);
      expect(typeof res.body.error_description).toBe('string');
    },
  );

  describe('never echoes raw input into the error', () => {
    it.each([
      ['scope', { grant_type: 'client_credentials', scope: HOSTILE }, 'invalid_scope'],
      ['grant_type', { grant_type: HOSTILE }, 'unsupported_grant_type'],
      ['code', { grant_type: 'authorization_code', code: HOSTILE }, 'invalid_grant'],
    ])('a hostile %s', async (_name, fields, error) => {
      const res = await token(fields, auth);
      expectOAuth2Error(res, 400, error);
      expect(res.body.error_description).toMatch(ERROR_TEXT);
      expectNoEcho(res.text);
    });

    it('a hostile client_id', async () => {
      const res = await token({
        grant_type: 'client_credentials',
        client_id: HOSTILE,
        client_secret: 'x',
      });
      expectOAuth2Error(res, 401, 'invalid_client');
      expectNoEcho(res.text);
    });

    it('a hostile Basic header', async () => {
      const res = await token({ grant_type: 'client_credentials' }, basic(HOSTILE, HOSTILE));
      expectOAuth2Error(res, 401, 'invalid_client');
      expectNoEcho(res.text);
    });
  });
});
