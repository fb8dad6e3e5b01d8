import type { AddressInfo } from 'node:net';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { authenticatorProvider } from '../../support/resource-owners.js';
import { seedCode } from '../../support/seed-rows.js';
import { basic, createTestApp, type TestApp } from '../../support/test-app.js';
import { s256 } from '../../support/token-request.js';
import { formEncode } from './http-arbitraries.js';
import { sendRawHttp } from './raw-http.js';

/** Routes of the fuzzed form endpoints. */
export const FORM_PATHS = {
  token: '/oauth2/token',
  revoke: '/oauth2/revoke',
  introspect: '/oauth2/introspect',
} as const;

/** One of the three form endpoints. */
export type FormEndpointName = keyof typeof FORM_PATHS;

/** The redirect URI and verifier of the seeded authorization code. */
export const CODE_REDIRECT_URI = 'https://client.example/cb';
export const CODE_VERIFIER = 'fuzz-verifier-'.repeat(4);

/**
 * A listening app with the token, revocation and introspection endpoints (password grant on, users of
 * `resource-owners.ts`), read with `bodyParser: false` as the README recommends, and its seeded state: a confidential
 * client, a public client, and the confidential client's sentinel tokens and code, which no fuzzed request may
 * use up, revoke or redeem.
 */
export interface FormEndpointsApp {
  t: TestApp;
  port: number;
  confidential: { clientId: string; clientSecret: string };
  publicClientId: string;
  sentinel: { accessToken: string; refreshToken: string; code: string };
  /** Asserts that the server answers a valid client_credentials request with a token. */
  assertAlive(): Promise<void>;
  /** Asserts that the sentinel tokens are still active and the sentinel code still redeems (consuming it). */
  assertSentinelsIntact(): Promise<void>;
}

/** Starts the app (Express, or Fastify with TEST_HTTP_ADAPTER=fastify) on the test database and seeds it. */
export async function startFormEndpointsApp(): Promise<FormEndpointsApp> {
  const t = await createTestApp(
    [
      OAuth2TokenModule.forRoot({
        revocationPath: FORM_PATHS.revoke.slice(1),
        introspectionPath: FORM_PATHS.introspect.slice(1),
        providers: [authenticatorProvider],
        // Thousands of generated failures from one address would spend the brute-force budgets and turn the
        // oracle's known-good requests into 429s; the limits have their own tests (test/limits).
        bruteForceLimits: false,
      }),
    ],
    { bodyParser: false },
  );
  try {
    await t.app.listen(0, '127.0.0.1');
    const port = (t.http.address() as AddressInfo).port;
    await t.addScopes('read', 'write');
    const confidential = await t.addClient({
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
      redirectUris: [CODE_REDIRECT_URI],
    });
    const { clientId: publicClientId } = await t.addClient({
      isPublic: true,
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [CODE_REDIRECT_URI],
    });
    const post = async (path: string, form: [string, string][]) => {
      const res = await sendRawHttp(port, {
        method: 'POST',
        target: path,
        headers: [
          ['Authorization', basic(confidential.clientId, confidential.clientSecret)],
          ['Content-Type', 'application/x-www-form-urlencoded'],
        ],
        body: Buffer.from(formEncode(form)),
      });
      if (res.closed || res.status !== 200) {
        throw new Error(`${path} answered ${res.closed ? 'nothing' : `${res.status} ${res.text}`}`);
      }
      return res.json as Record<string, unknown>;
    };
    const issued = await post(FORM_PATHS.token, [
      ['grant_type', 'password'],
      ['username', 'alice'],
      ['password', 'wonder'],
      ['scope', 'read'],
    ]);
    // Seeded with a day to live: a run of 100,000 cases outlasts the default code lifetime of 120 s.
    const issueCode = () =>
      seedCode(t, {
        clientId: confidential.clientId,
        userId: 'user-alice',
        redirectUri: CODE_REDIRECT_URI,
        scope: 'read',
        codeChallenge: s256(CODE_VERIFIER),
        codeChallengeMethod: 'S256',
        expiresAt: Math.floor(Date.now() / 1000) + 86_400,
      });
    const sentinel = {
      accessToken: String(issued.access_token),
      refreshToken: String(issued.refresh_token),
      code: await issueCode(),
    };
    return {
      t,
      port,
      confidential,
      publicClientId,
      sentinel,
      async assertAlive() {
        const body = await post(FORM_PATHS.token, [['grant_type', 'client_credentials']]);
        if (typeof body.access_token !== 'string') throw new Error('no token from a valid request');
      },
      async assertSentinelsIntact() {
        for (const token of [sentinel.accessToken, sentinel.refreshToken]) {
          const body = await post(FORM_PATHS.introspect, [['token', token]]);
          if (body.active !== true) throw new Error('a sentinel token is no longer active');
        }
        await post(FORM_PATHS.token, [
          ['grant_type', 'authorization_code'],
          ['code', sentinel.code],
          ['redirect_uri', CODE_REDIRECT_URI],
          ['code_verifier', CODE_VERIFIER],
        ]);
        sentinel.code = await issueCode();
      },
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}
