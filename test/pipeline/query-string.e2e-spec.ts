import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BODY_MODES, FORM, formBody } from './support/body-modes.js';
import { expectOAuth2Error, expectToken } from './support/expect-oauth2.js';
import { startPipelineApp, type PipelineApp } from './support/pipeline-app.js';
import { sendRaw } from './support/raw-request.js';

describe.each(BODY_MODES)('query-string parameters are never read, $mode', ({ options }) => {
  let p: PipelineApp;
  beforeAll(async () => {
    p = await startPipelineApp(options);
  });
  afterAll(() => p.t.close());

  const post = (query: [string, string][], body: string, authorization?: string) =>
    sendRaw(p.t.http, {
      path: `/oauth2/token?${formBody(...query)}`,
      headers: { ...FORM, ...(authorization ? { authorization } : {}) },
      body,
    });

  it('a grant_type in the URL does not count', async () => {
    const res = await post([['grant_type', 'client_credentials']], 'scope=read', p.auth);
    expectOAuth2Error(res, 400, 'invalid_request');
  });

  it('a client_secret in the URL never authenticates (RFC 6749 §2.3.1)', async () => {
    const res = await post(
      [['client_secret', p.clientSecret]],
      formBody(['grant_type', 'client_credentials'], ['client_id', p.clientId]),
    );
    expectOAuth2Error(res, 401, 'invalid_client');
    expect(res.headers['www-authenticate']).toBe('Basic realm=""');
  });

  it('client_id and client_secret in the URL never authenticate', async () => {
    const res = await post(p.bodyCredentials, 'grant_type=client_credentials');
    expectOAuth2Error(res, 401, 'invalid_client');
  });

  it('a scope in the URL is not granted', async () => {
    const body = expectToken(
      await post([['scope', 'write']], 'grant_type=client_credentials&scope=read', p.auth),
    );
    expect(body.scope).toBe('read');
  });

  it('an unknown scope in the URL is not checked either', async () => {
    const body = expectToken(
      await post([['scope', 'no-such-scope']], 'grant_type=client_credentials', p.auth),
    );
    expect(body).not.toHaveProperty('scope');
  });
});
