import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuthorizationError, Authorizer, Code, OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { seedClient } from '../support/seed-rows.js';
import { s256 } from '../support/token-request.js';
import { startSampleServer, type SampleServer } from '../interop/support/sample-server.js';
import { AutoApproveModule, type AutoApproveResult } from './support/auto-approve.controller.js';

/** Redirect URIs `ClientRegistry` refuses, as rows written before that rule existed (or by another writer). */
const UNSAFE = [
  'javascript:alert(document.domain)//',
  'data:text/html,<script>alert(1)</script>',
  'http://client.example/cb',
];

const query = (clientId: string, redirectUri: string, overrides: Record<string, string> = {}) =>
  new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    state: 'st',
    code_challenge: s256('v'.repeat(43)),
    code_challenge_method: 'S256',
    ...overrides,
  });

/**
 * Defence in depth (RFC 9700 §4.1): the authorization endpoint never sends the user to a redirect URI that breaks
 * the registration rules, even when such a URI is already stored and matches exactly.
 */
describe('Authorizer: a stored redirect URI that breaks the rules is never redirected to', () => {
  let t: E2eApp;
  beforeAll(async () => {
    const registration = OAuth2TokenModule.forRoot();
    t = await startE2eApp([registration, AutoApproveModule.forRegistration(registration)]);
  });
  afterAll(() => t.close());

  const authorize = async (params: URLSearchParams): Promise<AutoApproveResult> => {
    const res = await request(t.http).get(`/authorize?${params}`);
    expect(res.status).toBe(200);
    return res.body as AutoApproveResult;
  };

  it.each(UNSAFE)(
    '%s: a valid request is shown as invalid_request, no code issued',
    async (uri) => {
      const client = await seedClient(t, { redirectUris: [uri] });
      const result = await authorize(query(client.clientId, uri));
      expect(result).toEqual({
        shown: { error: 'invalid_request', description: expect.stringMatching(/redirect URI/) },
      });
      await expect(
        t.dataSource.getRepository(Code).countBy({ clientId: client.clientId }),
      ).resolves.toBe(0);
    },
  );

  it.each(UNSAFE)('%s: an error that would go back to the client is shown instead', async (uri) => {
    const client = await seedClient(t, { redirectUris: [uri] });
    for (const params of [
      query(client.clientId, uri, { response_type: 'token' }),
      new URLSearchParams({ response_type: 'token', client_id: client.clientId }),
    ]) {
      expect(await authorize(params)).toEqual({ shown: expect.anything() });
    }
  });

  it('errorRedirect gives no URL for an error carrying such a URI', () => {
    const authorizer = t.app.get(Authorizer);
    for (const uri of UNSAFE) {
      const error = new AuthorizationError('access_denied', 'The user denied the request', uri);
      expect({ uri, redirect: authorizer.errorRedirect(error) }).toEqual({
        uri,
        redirect: undefined,
      });
    }
  });

  it('a stored private-use scheme URI still works', async () => {
    const uri = 'com.example.app:/oauth2redirect';
    const client = await seedClient(t, { redirectUris: [uri] });
    const result = await authorize(query(client.clientId, uri));
    expect(result).toEqual({
      redirect: expect.stringMatching(/^com\.example\.app:\/oauth2redirect\?code=/),
    });
  });
});

describe('sample consent page: a stored javascript: redirect URI gets no 302 and no CSP form-action for it', () => {
  let server: SampleServer;
  let clientId: string;
  const uri = 'javascript:alert(document.domain)//';
  beforeAll(async () => {
    server = await startSampleServer();
    ({ clientId } = await seedClient(server, { redirectUris: [uri] }));
  });
  afterAll(() => server?.close());

  it.each([
    ['a valid request', {}],
    ['an unsupported response_type', { response_type: 'token' }],
  ])('%s: 400 page, no Location, no javascript: source', async (_name, overrides) => {
    const res = await fetch(
      `${server.baseUrl}/oauth2/authorize?${query(clientId, uri, overrides)}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-security-policy')).not.toMatch(/javascript/i);
    expect(await res.text()).toContain('Authorization request refused');
  });
});
