import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { basic } from '../support/test-app.js';
import { BODY_MODES, FORM, formBody } from './support/body-modes.js';
import { expectOAuth2Error, expectToken } from './support/expect-oauth2.js';
import { startPipelineApp, type PipelineApp } from './support/pipeline-app.js';
import { sendRaw } from './support/raw-request.js';

const GRANT: [string, string] = ['grant_type', 'client_credentials'];

describe.each(BODY_MODES)('client authentication methods (RFC 6749 §2.3), $mode', ({ options }) => {
  let p: PipelineApp;
  let publicId: string;
  beforeAll(async () => {
    p = await startPipelineApp(options);
    publicId = (await p.t.addClient({ isPublic: true })).clientId;
  });
  afterAll(() => p.t.close());

  const post = (pairs: [string, string][], authorization?: string) =>
    sendRaw(p.t.http, {
      path: '/oauth2/token',
      headers: { ...FORM, ...(authorization ? { authorization } : {}) },
      body: formBody(...pairs),
    });

  describe('client_secret_post', () => {
    it('authenticates with client_id and client_secret in the body', async () => {
      expectToken(await post([GRANT, ...p.bodyCredentials]));
    });

    it.each([
      ['ASCII', 'body id:with space', 'a:b+c% d&e=f then thirty-two characters'],
      ['non-ASCII', 'body id:non-ascii', 'a:b+c% é then thirty-two characters'],
    ])('form-urldecodes special %s characters in the body credentials', async (_l, id, secret) => {
      const { clientId } = await p.t.addClient({ clientId: id, secret });
      expectToken(await post([GRANT, ['client_id', clientId], ['client_secret', secret]]));
    });

    it('a wrong secret fails with 401 and a Basic challenge all the same (RFC 9110 §15.5.2)', async () => {
      const res = await post([GRANT, ['client_id', p.clientId], ['client_secret', 'wrong']]);
      expectOAuth2Error(res, 401, 'invalid_client');
      expect(res.headers['www-authenticate']).toBe('Basic realm=""');
    });
  });

  describe('two methods at once', () => {
    it('Basic plus a body client_secret is invalid_request (RFC 6749 §2.3)', async () => {
      const res = await post([GRANT, ['client_secret', p.clientSecret]], p.auth);
      expectOAuth2Error(res, 400, 'invalid_request');
    });

    it('Basic plus both body credentials is invalid_request', async () => {
      const res = await post([GRANT, ...p.bodyCredentials], p.auth);
      expectOAuth2Error(res, 400, 'invalid_request');
    });

    it('a body client_id equal to the Basic one is accepted', async () => {
      expectToken(await post([GRANT, ['client_id', p.clientId]], p.auth));
    });

    it('a body client_id differing from the Basic one is invalid_request', async () => {
      const other = await p.t.addClient();
      const res = await post([GRANT, ['client_id', other.clientId]], p.auth);
      expectOAuth2Error(res, 400, 'invalid_request');
    });
  });

  describe('failures are 401 invalid_client', () => {
    it('no credentials at all, with a Basic challenge', async () => {
      const res = await post([GRANT]);
      expectOAuth2Error(res, 401, 'invalid_client');
      expect(res.headers['www-authenticate']).toBe('Basic realm=""');
    });

    it('a confidential client sending only its client_id (RFC 6749 §2.3)', async () => {
      const res = await post([GRANT, ['client_id', p.clientId]]);
      expectOAuth2Error(res, 401, 'invalid_client');
      expect(res.headers['www-authenticate']).toBe('Basic realm=""');
    });

    it('a public client sending a secret in the body', async () => {
      const res = await post([GRANT, ['client_id', publicId], ['client_secret', 'anything']]);
      expectOAuth2Error(res, 401, 'invalid_client');
      expect(res.headers['www-authenticate']).toBe('Basic realm=""');
    });

    it('a public client sending a secret with Basic, with a Basic challenge', async () => {
      const res = await post([GRANT], basic(publicId, 'anything'));
      expectOAuth2Error(res, 401, 'invalid_client');
      expect(res.headers['www-authenticate']).toBe('Basic realm=""');
    });

    it('unknown client and wrong secret are indistinguishable with Basic', async () => {
      const unknown = await post([GRANT], basic('no-such-client', p.clientSecret));
      const wrong = await post([GRANT], basic(p.clientId, 'wrong-secret'));
      expectOAuth2Error(unknown, 401, 'invalid_client');
      expect([wrong.status, wrong.body, wrong.headers['www-authenticate']]).toEqual([
        unknown.status,
        unknown.body,
        unknown.headers['www-authenticate'],
      ]);
    });

    it('unknown client and wrong secret are indistinguishable in the body', async () => {
      const unknown = await post([GRANT, ['client_id', 'no-such-client'], ['client_secret', 'x']]);
      const wrong = await post([GRANT, ['client_id', p.clientId], ['client_secret', 'x']]);
      expectOAuth2Error(unknown, 401, 'invalid_client');
      expect([wrong.status, wrong.body, wrong.headers['www-authenticate']]).toEqual([
        unknown.status,
        unknown.body,
        unknown.headers['www-authenticate'],
      ]);
    });
  });

  it('a public client is identified by client_id alone (then refused client_credentials)', async () => {
    const res = await post([GRANT, ['client_id', publicId]]);
    expectOAuth2Error(res, 400, 'unauthorized_client');
  });
});
