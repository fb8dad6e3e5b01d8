import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, UseGuards, type DynamicModule, type Type } from '@nestjs/common';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT, UnsecuredJWT, base64url, decodeJwt, exportJWK } from 'jose';
import request from 'supertest';
import {
  DPOP,
  OAuth2Guard,
  OAuth2ResourceModule,
  OAuth2User,
  RequireScopes,
  type AuthenticatedToken,
  type JwtVerificationOptions,
  type OAuth2ResourceModuleOptions,
} from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectRefusal } from '../support/resource-app.js';
import { expectToken } from '../support/token-request.js';
import { REVOKE_PATH, postForm, registration } from '../endpoints/support/endpoints.js';

const ISSUER = 'https://as.example';
const AUDIENCE = 'https://api.example';
const ed = generateKeyPairSync('ed25519').privateKey;
const SIGNING_KEYS = [{ kid: 'ed-1', key: ed }];
const LOCAL = { issuer: ISSUER, audience: AUDIENCE, signingKeys: SIGNING_KEYS };
const nowInSeconds = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `GET /<prefix>/me` (any scope) and `GET /<prefix>/email` (scope email) behind a guard configured with `jwt`. */
function protectedApi(
  prefix: string,
  jwt: JwtVerificationOptions,
  options: Omit<OAuth2ResourceModuleOptions, 'jwt'> = {},
): DynamicModule {
  @Controller(prefix)
  @UseGuards(OAuth2Guard)
  class Api {
    @Get('me')
    me(@OAuth2User() token: AuthenticatedToken) {
      return token;
    }

    @Get('email')
    @RequireScopes('email')
    email() {
      return { ok: true };
    }
  }
  @Module({})
  class ApiModule {}
  return {
    module: ApiModule,
    imports: [OAuth2ResourceModule.forRoot({ ...options, jwt })],
    controllers: [Api as Type],
  };
}

const get = (t: Pick<E2eApp, 'http'>, path: string, token: string) =>
  request(t.http).get(path).set('Authorization', `Bearer ${token}`);

describe('OAuth2Guard verifies JWT access tokens locally (RFC 9068 §4)', () => {
  let t: E2eApp;
  let client: TestClient;
  let opaqueClient: TestClient;

  beforeAll(async () => {
    t = await startE2eApp([
      registration(
        { accessTokenFormat: 'jwt', accessTokenAudience: AUDIENCE, signingKeys: SIGNING_KEYS },
        { issuer: ISSUER },
      ),
      protectedApi('local', LOCAL),
      protectedApi('checked', { ...LOCAL, checkRevocation: true }),
      protectedApi('cached', { ...LOCAL, checkRevocation: true, cache: { maxAge: 2 } }),
      protectedApi('other-audience', { ...LOCAL, audience: 'https://other.example' }),
      protectedApi('dpop-only', LOCAL, { authenticationMethods: DPOP }),
    ]);
    await t.addScopes('email', 'profile');
    client = await t.addClient({ ownerId: 'owner-1' });
    opaqueClient = await t.addClient({ ownerId: 'owner-1', accessTokenFormat: 'opaque' });
  });
  afterAll(() => t.close());

  async function issue(who = client, scope = 'email'): Promise<string> {
    const res = await postForm(
      t,
      '/oauth2/token',
      { grant_type: 'client_credentials', scope },
      who,
    );
    return expectToken(res).access_token as string;
  }

  const revoke = async (token: string) =>
    expect((await postForm(t, REVOKE_PATH, { token }, client)).status).toBe(200);

  it('hands handlers the same facts for a JWT as for an opaque token', async () => {
    const jwt = await issue();
    const opaque = await issue(opaqueClient);
    expect(jwt.split('.')).toHaveLength(3);
    expect(opaque).not.toContain('.');
    const fromJwt = await get(t, '/local/me', jwt);
    const fromOpaque = await get(t, '/local/me', opaque);
    expect(fromJwt.status).toBe(200);
    expect(fromOpaque.status).toBe(200);
    expect(fromJwt.body).toEqual({
      id: null,
      clientId: client.clientId,
      userId: 'owner-1',
      scopes: ['email'],
      expiresAt: decodeJwt(jwt).exp,
      tokenType: 'bearer',
    });
    expect(fromOpaque.body).toEqual({
      id: expect.any(Number),
      clientId: opaqueClient.clientId,
      userId: 'owner-1',
      scopes: ['email'],
      expiresAt: expect.any(Number),
      tokenType: 'bearer',
    });
    expect(Math.abs(fromOpaque.body.expiresAt - fromJwt.body.expiresAt)).toBeLessThanOrEqual(2);
  });

  it('with checkRevocation, hands the row id too', async () => {
    const res = await get(t, '/checked/me', await issue());
    expect({ status: res.status, id: res.body.id }).toEqual({
      status: 200,
      id: expect.any(Number),
    });
  });

  it('needs no database row: checkRevocation off accepts a revoked JWT until exp, on refuses it', async () => {
    const jwt = await issue();
    expect((await get(t, '/checked/me', jwt)).status).toBe(200);
    await revoke(jwt);
    expect((await get(t, '/local/email', jwt)).status).toBe(200);
    expectRefusal(await get(t, '/checked/email', jwt), { status: 401, error: 'invalid_token' });
  });

  it('opaque tokens keep the database path, so their revocation is immediate', async () => {
    const opaque = await issue(opaqueClient);
    expect((await get(t, '/local/email', opaque)).status).toBe(200);
    await postForm(t, REVOKE_PATH, { token: opaque }, opaqueClient);
    expectRefusal(await get(t, '/local/email', opaque), { status: 401, error: 'invalid_token' });
  });

  it('the cache keeps a verified token for maxAge: a revocation shows only after it', async () => {
    const jwt = await issue();
    const first = Date.now();
    expect((await get(t, '/cached/email', jwt)).status).toBe(200);
    await revoke(jwt);
    const cached = await get(t, '/cached/email', jwt);
    // Only meaningful while the entry is fresh: it was stored less than maxAge (2 s) ago.
    if (Date.now() - first < 1500) expect(cached.status).toBe(200);
    await sleep(Math.max(0, first + 3100 - Date.now()));
    expectRefusal(await get(t, '/cached/email', jwt), { status: 401, error: 'invalid_token' });
  });

  it('checks scopes after verification: 403 insufficient_scope', async () => {
    const jwt = await issue(client, 'profile');
    const params = expectRefusal(await get(t, '/local/email', jwt), {
      status: 403,
      error: 'insufficient_scope',
    });
    expect(params.scope).toBe('email');
  });

  describe('a token the cache holds still goes through every check of the request', () => {
    it('sent in the query string as well: 400 invalid_request', async () => {
      const jwt = await issue();
      expect((await get(t, '/local/me', jwt)).status).toBe(200);
      expectRefusal(await get(t, `/local/me?access_token=${jwt}`, jwt), {
        status: 400,
        error: 'invalid_request',
      });
    });

    it('without the route’s scope: 403 insufficient_scope', async () => {
      const jwt = await issue(client, 'profile');
      expect((await get(t, '/local/me', jwt)).status).toBe(200);
      expectRefusal(await get(t, '/local/email', jwt), {
        status: 403,
        error: 'insufficient_scope',
      });
    });

    it('as Bearer where only DPoP is accepted: 401 without an error code', async () => {
      const jwt = await issue();
      // Verified (and cached) on the way in, then refused: a Bearer token in the DPoP scheme.
      const inDPoP = await request(t.http).get('/dpop-only/me').set('Authorization', `DPoP ${jwt}`);
      expect(inDPoP.status).toBe(401);
      const res = await get(t, '/dpop-only/me', jwt);
      expect({ status: res.status, error: res.body.error }).toEqual({
        status: 401,
        error: undefined,
      });
    });
  });

  it('refuses a token for another audience', async () => {
    expectRefusal(await get(t, '/other-audience/me', await issue()), {
      status: 401,
      error: 'invalid_token',
    });
  });

  describe('refuses with 401 invalid_token and a Bearer challenge', () => {
    /** A token like the endpoint's, signed with the real key, with `change` applied. */
    async function forge(
      change: {
        claims?: Record<string, unknown>;
        header?: Record<string, unknown>;
        key?: Parameters<SignJWT['sign']>[0];
      } = {},
    ) {
      const now = nowInSeconds();
      return new SignJWT({
        iss: ISSUER,
        aud: AUDIENCE,
        sub: 'owner-1',
        client_id: client.clientId,
        scope: 'email',
        iat: now,
        exp: now + 300,
        jti: 'jti-1',
        ...change.claims,
      })
        .setProtectedHeader({ typ: 'at+jwt', alg: 'EdDSA', kid: 'ed-1', ...change.header } as never)
        .sign(change.key ?? ed);
    }

    it('accepts the control token built the same way', async () => {
      expect((await get(t, '/local/email', await forge())).status).toBe(200);
    });

    const cases: [string, () => Promise<string>][] = [
      [
        'a signature by another key under the same kid',
        () => forge({ key: generateKeyPairSync('ed25519').privateKey }),
      ],
      ['an unknown kid', () => forge({ header: { kid: 'ed-2' } })],
      ['a wrong iss', () => forge({ claims: { iss: 'https://evil.example' } })],
      ['a wrong aud', () => forge({ claims: { aud: 'https://other.example' } })],
      ['typ JWT instead of at+jwt', () => forge({ header: { typ: 'JWT' } })],
      ['no typ', () => forge({ header: { typ: undefined } })],
      [
        'an exp past the clock tolerance',
        () => forge({ claims: { iat: nowInSeconds() - 100, exp: nowInSeconds() - 10 } }),
      ],
      ['no client_id', () => forge({ claims: { client_id: undefined } })],
      ['no jti', () => forge({ claims: { jti: undefined } })],
      [
        'alg none',
        async () =>
          new UnsecuredJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'owner-1', client_id: 'x' })
            .setIssuedAt()
            .setExpirationTime('5m')
            .encode(),
      ],
      [
        'a tampered payload (scope widened after signing)',
        async () => {
          const [header, , signature] = (await forge({ claims: { scope: 'profile' } })).split('.');
          const payload = base64url.encode(
            JSON.stringify({ ...decodeJwt(await forge()), scope: 'email' }),
          );
          return `${header}.${payload}.${signature}`;
        },
      ],
      ['a truncated signature', async () => (await forge()).slice(0, -4)],
      [
        'a header that is not JSON',
        async () => `${base64url.encode('nope')}.${(await forge()).split('.').slice(1).join('.')}`,
      ],
    ];
    it.each(cases)('%s', async (_name, make) => {
      const res = await get(t, '/local/email', await make());
      const params = expectRefusal(res, { status: 401, error: 'invalid_token' });
      expect(params.error_description).not.toMatch(/jose|ERR_|signature verification/i);
    });

    it('HS256 keyed with the public key (its raw bytes or its PEM): key confusion', async () => {
      const jwk = await exportJWK(createPublicKey(ed));
      const pem = String(createPublicKey(ed).export({ format: 'pem', type: 'spki' }));
      for (const key of [base64url.decode(jwk.x!), new TextEncoder().encode(pem)]) {
        const token = await forge({ header: { alg: 'HS256' }, key });
        expectRefusal(await get(t, '/local/email', token), { status: 401, error: 'invalid_token' });
      }
    });
  });
});

describe('OAuth2Guard in a separate service: keys from jwksUri', () => {
  let as: E2eApp;
  let api: E2eApp;
  let down: E2eApp;
  let client: TestClient;

  beforeAll(async () => {
    as = await startE2eApp([
      registration(
        { accessTokenFormat: 'jwt', accessTokenAudience: AUDIENCE, signingKeys: SIGNING_KEYS },
        { issuer: ISSUER },
      ),
    ]);
    await as.addScopes('email');
    client = await as.addClient({ ownerId: 'owner-1' });
    const { port } = as.http.address() as { port: number };
    const jwt = { issuer: ISSUER, audience: AUDIENCE };
    api = await startE2eApp([
      protectedApi('remote', { ...jwt, jwksUri: `http://127.0.0.1:${port}/.well-known/jwks.json` }),
    ]);
    // Port 9 (discard) on loopback: nothing listens, so the JWKS fetch fails.
    down = await startE2eApp([
      protectedApi('down', { ...jwt, jwksUri: 'http://127.0.0.1:9/.well-known/jwks.json' }),
    ]);
  });
  afterAll(async () => {
    await down?.close();
    await api?.close();
    await as?.close();
  });

  it("accepts the authorization server's JWT, whose row is in another database", async () => {
    const res = await postForm(
      as,
      '/oauth2/token',
      { grant_type: 'client_credentials', scope: 'email' },
      client,
    );
    const { access_token } = expectToken(res);
    const me = await get(api, '/remote/me', access_token as string);
    expect({ status: me.status, clientId: me.body.clientId, scopes: me.body.scopes }).toEqual({
      status: 200,
      clientId: client.clientId,
      scopes: ['email'],
    });
  });

  it('refuses a JWT signed by a key the JWKS does not hold', async () => {
    const now = nowInSeconds();
    const token = await new SignJWT({ client_id: 'c', scope: 'email' })
      .setProtectedHeader({ typ: 'at+jwt', alg: 'EdDSA', kid: 'ed-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('u')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti('j')
      .sign(generateKeyPairSync('ed25519').privateKey);
    expectRefusal(await get(api, '/remote/me', token), { status: 401, error: 'invalid_token' });
  });

  it('answers 503 temporarily_unavailable when the JWKS cannot be fetched', async () => {
    const res = await postForm(
      as,
      '/oauth2/token',
      { grant_type: 'client_credentials', scope: 'email' },
      client,
    );
    const me = await get(down, '/down/me', expectToken(res).access_token as string);
    expect({ status: me.status, error: me.body.error, retry: me.headers['retry-after'] }).toEqual({
      status: 503,
      error: 'temporarily_unavailable',
      retry: '1',
    });
  });
});
