import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import {
  authorize,
  openAuthorizePage,
  readPage,
  submitConsent,
} from '../interop/support/consent-form.js';
import { startSampleServer, type SampleServer } from '../interop/support/sample-server.js';

const verifier = () => randomBytes(32).toString('base64url');
const s256 = (value: string) => createHash('sha256').update(value).digest('base64url');

describe("sample app's login and consent page (GET/POST /oauth2/authorize on Authorizer)", () => {
  let server: SampleServer;
  let redirectUri: string;
  let confidential: { clientId: string; clientSecret: string };
  let spa: { clientId: string; clientSecret: string };
  const codeVerifier = verifier();
  const request = (overrides: Record<string, string | undefined> = {}) =>
    Object.fromEntries(
      Object.entries({
        response_type: 'code',
        client_id: confidential.clientId,
        redirect_uri: redirectUri,
        scope: 'email first_name',
        state: 'state-123',
        code_challenge: s256(codeVerifier),
        code_challenge_method: 'S256',
        ...overrides,
      }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
  const redeem = (code: string, extra: Record<string, string> = {}, client = confidential) =>
    fetch(`${server.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(client.clientSecret && {
          Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
        }),
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        ...(!client.clientSecret && { client_id: client.clientId }),
        ...extra,
      }),
    });

  beforeAll(async () => {
    server = await startSampleServer();
    redirectUri = 'https://client.example/cb';
    confidential = await server.addClient({
      name: 'Photo <Printer> & "Co"',
      redirectUris: [redirectUri, 'https://client.example/other'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    spa = await server.addClient({
      name: 'Single-page app',
      isPublic: true,
      redirectUris: ['http://127.0.0.1:9/spa-callback'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    await server.addUser('sleepy', 'sleepy-password', false);
  });
  afterAll(() => server?.close());

  describe('GET: a valid request shows the login and consent form', () => {
    it('names the client and the requested scopes, and carries the request in hidden fields', async () => {
      const page = await openAuthorizePage(server.baseUrl, request());
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.html).toContain('Photo &lt;Printer&gt; &amp; &quot;Co&quot;');
      expect(page.html).not.toContain('<Printer>');
      expect(page.html).toContain('<code>email</code> — The user&#39;s email address');
      expect(page.html).toContain('<code>first_name</code>');
      expect(page.html).toMatch(/<input type="password" id="password" name="password"/);
      expect(page.html).toMatch(/<button type="submit" name="decision" value="approve"/);
      expect(page.html).toMatch(/<button type="submit" name="decision" value="deny"/);
      expect(page.fields).toMatchObject(request());
    });

    it('is never cached, never framed, runs no script and may post only to itself and the client', async () => {
      const page = await openAuthorizePage(server.baseUrl, request());
      expect(page.headers.get('x-powered-by')).toBeNull();
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('pragma')).toBe('no-cache');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("form-action 'self' https://client.example;");
    });

    it('sets a fresh CSRF token per page, in an HttpOnly SameSite=Strict cookie and a hidden field', async () => {
      const first = await openAuthorizePage(server.baseUrl, request());
      const second = await openAuthorizePage(server.baseUrl, request());
      const setCookie = first.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).toMatch(/; SameSite=Strict/);
      expect(setCookie).toMatch(/; Path=\/oauth2\/authorize/);
      expect(first.cookie).toBe(`sample_authorize_csrf=${first.fields.csrf_token}`);
      expect(first.fields.csrf_token).toMatch(/^[\w-]{43}$/);
      expect(second.fields.csrf_token).not.toBe(first.fields.csrf_token);
    });

    it('escapes whatever the request carries (state in a hidden field)', async () => {
      const state = '"><script>alert(1)</script>&';
      const page = await openAuthorizePage(server.baseUrl, request({ state }));
      expect(page.status).toBe(200);
      expect(page.html).not.toContain('<script>');
      expect(page.html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;"');
      expect(page.fields.state).toBe(state);
    });
  });

  describe('GET: errors that must not redirect are shown (RFC 6749 §4.1.2.1)', () => {
    it.each([
      ['an unknown client', { client_id: 'no-such-client' }],
      ['no client_id', { client_id: undefined }],
      ['an unregistered redirect URI', { redirect_uri: 'https://evil.example/cb' }],
      [
        'a redirect URI differing only by a trailing slash',
        { redirect_uri: 'https://client.example/cb/' },
      ],
      ['no redirect URI for a client with two', { redirect_uri: undefined }],
    ])('%s: 400 HTML page, no Location', async (_name, overrides) => {
      const res = await fetch(
        `${server.baseUrl}/oauth2/authorize?${new URLSearchParams(request(overrides))}`,
        { redirect: 'manual' },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const html = await res.text();
      expect(html).toContain('Authorization request refused');
      expect(html).not.toContain('evil.example');
    });

    it('a repeated client_id: 400 page', async () => {
      const query = `${new URLSearchParams(request())}&client_id=${confidential.clientId}`;
      const res = await fetch(`${server.baseUrl}/oauth2/authorize?${query}`, {
        redirect: 'manual',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    });
  });

  describe('GET: other errors go back to the client with error, state and iss (RFC 6749 §4.1.2.1, RFC 9207)', () => {
    const expectErrorRedirect = async (
      params: Record<string, string>,
      error: string,
      target = redirectUri,
    ) => {
      const res = await fetch(`${server.baseUrl}/oauth2/authorize?${new URLSearchParams(params)}`, {
        redirect: 'manual',
      });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(target);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        error,
        iss: server.baseUrl,
        ...(params.state && { state: params.state }),
      });
      expect(location.searchParams.has('code')).toBe(false);
      return location;
    };

    it('response_type=token: unsupported_response_type', async () => {
      await expectErrorRedirect(request({ response_type: 'token' }), 'unsupported_response_type');
    });

    it('an unknown scope: invalid_scope', async () => {
      await expectErrorRedirect(request({ scope: 'email admin' }), 'invalid_scope');
    });

    it('a plain PKCE challenge (not enabled): invalid_request', async () => {
      await expectErrorRedirect(
        request({ code_challenge: codeVerifier, code_challenge_method: 'plain' }),
        'invalid_request',
      );
    });

    it('a challenge without method defaults to plain (RFC 7636 §4.3): invalid_request', async () => {
      await expectErrorRedirect(request({ code_challenge_method: undefined }), 'invalid_request');
    });

    it('a malformed challenge: invalid_request', async () => {
      await expectErrorRedirect(request({ code_challenge: 'short' }), 'invalid_request');
    });

    it('a public client without a PKCE challenge: invalid_request', async () => {
      await expectErrorRedirect(
        {
          response_type: 'code',
          client_id: spa.clientId,
          state: 's',
        },
        'invalid_request',
        'http://127.0.0.1:9/spa-callback',
      );
    });

    it('a client that may not use the authorization code grant: unauthorized_client', async () => {
      const { clientId } = await server.addClient({
        redirectUris: [redirectUri],
        grantTypes: ['client_credentials'],
      });
      await expectErrorRedirect(request({ client_id: clientId }), 'unauthorized_client');
    });

    it("a scope outside the client's allowedScopes: invalid_scope", async () => {
      const { clientId } = await server.addClient({
        redirectUris: [redirectUri],
        allowedScopes: ['email'],
      });
      await expectErrorRedirect(request({ client_id: clientId }), 'invalid_scope');
    });

    it('no state: the error redirect carries none', async () => {
      const location = await expectErrorRedirect(
        request({ response_type: 'token', state: undefined }),
        'unsupported_response_type',
      );
      expect(location.searchParams.has('state')).toBe(false);
    });
  });

  describe('POST: the decision', () => {
    it('approve with the right password: 303 to the client with code, state and iss; the code redeems with PKCE', async () => {
      const location = await authorize(server.baseUrl, request());
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      expect(location.searchParams.get('state')).toBe('state-123');
      expect(location.searchParams.get('iss')).toBe(server.baseUrl);
      const code = location.searchParams.get('code')!;
      expect(code).toMatch(/^[\w-]{43}$/);

      const wrongVerifier = await redeem(code, {
        redirect_uri: redirectUri,
        code_verifier: verifier(),
      });
      expect(wrongVerifier.status).toBe(400);
      const res = await redeem(code, { redirect_uri: redirectUri, code_verifier: codeVerifier });
      expect(res.status).toBe(200);
      const token = (await res.json()) as { access_token: string; scope: string };
      expect(token.scope).toBe('email first_name');
      const email = await fetch(`${server.baseUrl}/api/email`, {
        headers: { Authorization: `Bearer ${token.access_token}` },
      });
      expect(await email.json()).toEqual({ email: 'demo@example.com' });
    });

    it('answers 303 See Other, so the browser never re-posts the password to the client (RFC 9700 §4.12)', async () => {
      const page = await openAuthorizePage(server.baseUrl, request());
      const res = await submitConsent(server.baseUrl, page, {
        username: 'demo',
        password: 'demo-password',
        decision: 'approve',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('set-cookie')).toMatch(/^sample_authorize_csrf=; .*Max-Age=0/);
    });

    it('signs in by email too', async () => {
      const location = await authorize(server.baseUrl, request(), { username: 'DEMO@example.com' });
      expect(location.searchParams.has('code')).toBe(true);
    });

    it('deny: 303 to the client with access_denied, state and iss, and no code', async () => {
      const page = await openAuthorizePage(server.baseUrl, request());
      const res = await submitConsent(server.baseUrl, page, { decision: 'deny' });
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location')!);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        error: 'access_denied',
        state: 'state-123',
        iss: server.baseUrl,
      });
      expect(location.searchParams.has('code')).toBe(false);
    });

    it('stops guessing one user: 429 with Retry-After past the budget, even for the right password', async () => {
      await server.addUser('guessed', 'the-right-password');
      const attempt = async (password: string) => {
        const page = await openAuthorizePage(server.baseUrl, request());
        return submitConsent(server.baseUrl, page, {
          username: 'guessed',
          password,
          decision: 'approve',
        });
      };
      // The token endpoint's default ownerPerAddress budget: 5 wrong passwords, the sixth is refused.
      for (let i = 0; i < 5; i++) expect((await attempt(`guess-${i}`)).status).toBe(400);
      const refused = await attempt('guess-5');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.text()).toContain('Too many failed sign-ins');
      expect((await attempt('the-right-password')).status).toBe(429);
      // Another user at the same address is not affected.
      const page = await openAuthorizePage(server.baseUrl, request());
      const other = await submitConsent(server.baseUrl, page, {
        username: 'demo',
        password: 'demo-password',
        decision: 'approve',
      });
      expect(other.status).toBe(303);
    });

    it.each([
      ['a wrong password', 'demo', 'nope'],
      ['an unknown user', 'ghost', 'demo-password'],
      ['an inactive user', 'sleepy', 'sleepy-password'],
    ])(
      '%s: the form again with a message and a new CSRF token, no redirect',
      async (_n, username, password) => {
        const page = await openAuthorizePage(server.baseUrl, request());
        const res = await submitConsent(server.baseUrl, page, {
          username,
          password,
          decision: 'approve',
        });
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        const again = await readPage(res);
        expect(again.html).toContain('The username or password is wrong.');
        expect(again.fields.username).toBe(username);
        expect(again.html).not.toContain(password === 'demo-password' ? 'demo-password' : password);
        expect(again.fields.csrf_token).not.toBe(page.fields.csrf_token);
        expect(again.cookie).toBe(`sample_authorize_csrf=${again.fields.csrf_token}`);
        const retried = await submitConsent(server.baseUrl, again, {
          username: 'demo',
          password: 'demo-password',
          decision: 'approve',
        });
        expect(retried.status).toBe(303);
        expect(new URL(retried.headers.get('location')!).searchParams.has('code')).toBe(true);
      },
    );

    it.each([
      ['no cookie', (page: { cookie?: string }) => ({ ...page, cookie: undefined }), {}],
      ['no token field', (page: { cookie?: string }) => page, { csrf_token: undefined }],
      [
        'a token from another page',
        (page: { cookie?: string }) => page,
        { csrf_token: randomBytes(32).toString('base64url') },
      ],
    ])('CSRF: %s → 403 page, no code', async (_n, change, extra) => {
      const page = await openAuthorizePage(server.baseUrl, request());
      const res = await submitConsent(server.baseUrl, change({ ...page }) as typeof page, {
        username: 'demo',
        password: 'demo-password',
        decision: 'approve',
        ...extra,
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('This sign-in form has expired');
    });

    it('re-validates the hidden fields: an unregistered redirect URI is shown, never followed', async () => {
      const page = await openAuthorizePage(server.baseUrl, request());
      const res = await submitConsent(server.baseUrl, page, {
        username: 'demo',
        password: 'demo-password',
        decision: 'approve',
        redirect_uri: 'https://evil.example/cb',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    });

    it('re-validates the hidden fields: a scope widened to an unknown one goes back as invalid_scope', async () => {
      const page = await openAuthorizePage(server.baseUrl, request());
      const res = await submitConsent(server.baseUrl, page, {
        username: 'demo',
        password: 'demo-password',
        decision: 'approve',
        scope: 'email admin',
      });
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
    });

    it('a body that is not a form: 400 page', async () => {
      const page = await openAuthorizePage(server.baseUrl, request());
      const res = await fetch(`${server.baseUrl}/oauth2/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/json', Cookie: page.cookie! },
        body: JSON.stringify(page.fields),
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    });

    it('without redirect_uri (one registered), the code is not bound to one and redeems without it', async () => {
      const { clientId, clientSecret } = await server.addClient({
        redirectUris: ['https://single.example/cb'],
      });
      const location = await authorize(
        server.baseUrl,
        request({ client_id: clientId, redirect_uri: undefined }),
      );
      expect(`${location.origin}${location.pathname}`).toBe('https://single.example/cb');
      const res = await redeem(
        location.searchParams.get('code')!,
        { code_verifier: codeVerifier },
        { clientId, clientSecret },
      );
      expect(res.status).toBe(200);
    });

    it('a public client: the code redeems with its client_id and verifier, no secret', async () => {
      const spaVerifier = verifier();
      const location = await authorize(server.baseUrl, {
        response_type: 'code',
        client_id: spa.clientId,
        scope: 'email',
        state: 'spa',
        code_challenge: s256(spaVerifier),
        code_challenge_method: 'S256',
      });
      const res = await redeem(
        location.searchParams.get('code')!,
        { code_verifier: spaVerifier },
        spa,
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ token_type: 'bearer', scope: 'email' });
    });
  });
});
