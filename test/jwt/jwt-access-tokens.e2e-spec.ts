import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import { MAC, OAuth2TokenModule } from 'nestjs-oauth2-token';
import { createHash } from 'node:crypto';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectToken } from '../support/token-request.js';
import {
  ProtectedApiModule,
  REDIRECT_URI,
  REVOKE_PATH,
  codeTokens,
  introspect,
  postForm,
  refresh,
  registration,
  resourceAccepts,
} from '../endpoints/support/endpoints.js';

const ISSUER = 'https://as.example';
const AUDIENCE = 'https://api.example';
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const ed = generateKeyPairSync('ed25519').privateKey;

describe('JWT access tokens (RFC 9068)', () => {
  let t: E2eApp;
  let client: TestClient;
  let opaqueClient: TestClient;
  let resourceServer: TestClient;
  let jwksUrl: URL;

  beforeAll(async () => {
    t = await startE2eApp([
      registration(
        {
          accessTokenFormat: 'jwt',
          accessTokenAudience: AUDIENCE,
          signingKeys: [
            { ...ec.export({ format: 'jwk' }), kid: 'ec-1' },
            { kid: 'ed-1', key: ed },
          ],
        },
        { issuer: ISSUER },
      ),
      ProtectedApiModule,
    ]);
    await t.addScopes('email', 'profile');
    client = await t.addClient({
      ownerId: 'owner-1',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    });
    opaqueClient = await t.addClient({ accessTokenFormat: 'opaque' });
    resourceServer = await t.addClient({ isResourceServer: true });
    const { port } = t.http.address() as { port: number };
    jwksUrl = new URL(`http://127.0.0.1:${port}/.well-known/jwks.json`);
  });
  afterAll(() => t.close());

  async function clientCredentials(who: TestClient, scope = 'email') {
    return expectToken(
      await postForm(t, '/oauth2/token', { grant_type: 'client_credentials', scope }, who),
    );
  }

  async function verify(token: string) {
    return jwtVerify(token, createRemoteJWKSet(jwksUrl), {
      typ: 'at+jwt',
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['ES256'],
    });
  }

  it('client_credentials: a signed at+jwt verified against the served JWKS, every claim set', async () => {
    const before = Math.floor(Date.now() / 1000);
    const body = await clientCredentials(client);
    expect(body.token_type).toBe('bearer');
    const { payload, protectedHeader } = await verify(body.access_token);
    expect(protectedHeader).toEqual({ typ: 'at+jwt', alg: 'ES256', kid: 'ec-1' });
    const { iat, jti, ...claims } = payload;
    expect(claims).toEqual({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'owner-1',
      client_id: client.clientId,
      scope: 'email',
      exp: iat! + 3600,
    });
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.expires_in).toBe(3600);
  });

  it('client_credentials without a user: sub is the client_id (RFC 9068 §2.2)', async () => {
    const ownerless = await t.addClient({ grantTypes: ['client_credentials'] });
    const { payload } = await verify((await clientCredentials(ownerless)).access_token);
    expect(payload.sub).toBe(ownerless.clientId);
    expect(payload.client_id).toBe(ownerless.clientId);
  });

  it('authorization_code and refresh_token: sub is the user, jti fresh each time, refresh token opaque', async () => {
    const first = await codeTokens(t, client, { userId: 'alice', scope: 'email profile' });
    const second = await codeTokens(t, client, { userId: 'alice', scope: 'email profile' });
    const one = (await verify(first.access_token)).payload;
    const two = (await verify(second.access_token)).payload;
    expect(one).toMatchObject({ sub: 'alice', client_id: client.clientId, scope: 'email profile' });
    expect(one.jti).not.toBe(two.jti);
    expect(first.refresh_token!.split('.')).toHaveLength(1);
    const refreshed = expectToken(await refresh(t, first.refresh_token!, client, 'email'));
    expect((await verify(refreshed.access_token)).payload).toMatchObject({
      sub: 'alice',
      scope: 'email',
    });
  });

  it('a client that asks for opaque tokens gets them under a jwt registration', async () => {
    const { access_token } = await clientCredentials(opaqueClient);
    expect(access_token.split('.')).toHaveLength(1);
    expect(await resourceAccepts(t, access_token)).toBe(true);
  });

  it('the JWKS: every key public (no private members), cacheable for five minutes', async () => {
    const res = await request(t.http).get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['content-type']).toContain('application/jwk-set+json');
    const { keys } = JSON.parse(res.text) as { keys: Record<string, unknown>[] };
    expect(keys.map((key) => [key.kid, key.alg, key.kty, key.use])).toEqual([
      ['ec-1', 'ES256', 'EC', 'sig'],
      ['ed-1', 'EdDSA', 'OKP', 'sig'],
    ]);
    for (const key of keys) {
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
        expect(key).not.toHaveProperty(member);
      }
    }
  });

  it('the metadata names the jwks_uri', async () => {
    const res = await request(t.http).get('/.well-known/oauth-authorization-server');
    expect(res.body.jwks_uri).toBe(`${ISSUER}/.well-known/jwks.json`);
  });

  it('stored by the SHA-256 (base64url) of the whole JWT; the guard accepts it as Bearer', async () => {
    const { access_token } = await clientCredentials(client);
    const hash = createHash('sha256').update(access_token).digest('base64url');
    const rows = await t.rows('oauth2_access_token', { client_id: client.clientId });
    expect(rows.some((row) => Object.values(row).includes(hash))).toBe(true);
    const res = await request(t.http).get('/api/me').set('Authorization', `Bearer ${access_token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: 'owner-1', client: client.clientId });
  });

  it('introspection and revocation work on a JWT access token', async () => {
    const { access_token } = await clientCredentials(client);
    const { payload } = await verify(access_token);
    expect(await introspect(t, access_token, resourceServer)).toEqual({
      active: true,
      scope: 'email',
      client_id: client.clientId,
      sub: 'owner-1',
      token_type: 'bearer',
      exp: payload.exp,
      iat: payload.iat,
    });
    const revoked = await postForm(t, REVOKE_PATH, { token: access_token }, client);
    expect(revoked.status).toBe(200);
    expect(await introspect(t, access_token, resourceServer)).toEqual({ active: false });
    expect(await resourceAccepts(t, access_token)).toBe(false);
  });

  it('oauth4webapi validateJwtAccessToken accepts it', async () => {
    const { access_token } = await clientCredentials(client);
    expect(decodeProtectedHeader(access_token).typ).toBe('at+jwt');
    const as = { issuer: ISSUER, jwks_uri: jwksUrl.href };
    const claims = await oauth.validateJwtAccessToken(
      as,
      new Request('https://api.example/me', {
        headers: { authorization: `Bearer ${access_token}` },
      }),
      AUDIENCE,
      { [oauth.allowInsecureRequests]: true },
    );
    expect(claims).toMatchObject({ sub: 'owner-1', client_id: client.clientId, scope: 'email' });
  });
});

describe('JWT access tokens for one client of an opaque registration', () => {
  let t: E2eApp;

  beforeAll(async () => {
    t = await startE2eApp([
      registration({ signingKeys: [{ kid: 'ed-1', key: ed }] }, { issuer: ISSUER }),
      ProtectedApiModule,
    ]);
    await t.addScopes('email');
  });
  afterAll(() => t.close());

  async function token(who: TestClient): Promise<string> {
    const res = await postForm(t, '/oauth2/token', { grant_type: 'client_credentials' }, who);
    return expectToken(res).access_token;
  }

  it('the client with accessTokenFormat jwt gets an EdDSA JWT (aud: the issuer); the others opaque', async () => {
    const jwtClient = await t.addClient({
      accessTokenFormat: 'jwt',
      grantTypes: ['client_credentials'],
    });
    const plain = await t.addClient({ grantTypes: ['client_credentials'] });
    const { port } = t.http.address() as { port: number };
    const jwks = createRemoteJWKSet(new URL(`http://127.0.0.1:${port}/.well-known/jwks.json`));
    const jwt = await token(jwtClient);
    const { payload, protectedHeader } = await jwtVerify(jwt, jwks, {
      typ: 'at+jwt',
      issuer: ISSUER,
      audience: ISSUER,
    });
    expect(protectedHeader).toEqual({ typ: 'at+jwt', alg: 'EdDSA', kid: 'ed-1' });
    expect(payload).not.toHaveProperty('scope');
    expect(payload.sub).toBe(jwtClient.clientId);
    expect(await resourceAccepts(t, jwt)).toBe(true);
    const opaque = await token(plain);
    expect(opaque.split('.')).toHaveLength(1);
    expect(await resourceAccepts(t, opaque)).toBe(true);
  });

  it('refuses to register an unknown format', async () => {
    await expect(t.addClient({ accessTokenFormat: 'paseto' as never })).rejects.toThrow(
      /'opaque' or 'jwt'/,
    );
  });
});

describe('a registration with an issuer but no signing keys', () => {
  let t: E2eApp;
  beforeAll(async () => {
    t = await startE2eApp([registration({}, { issuer: ISSUER })]);
  });
  afterAll(() => t.close());

  it('serves an empty JWKS and names no jwks_uri', async () => {
    const jwks = await request(t.http).get('/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(JSON.parse(jwks.text)).toEqual({ keys: [] });
    const metadata = await request(t.http).get('/.well-known/oauth-authorization-server');
    expect(metadata.body).not.toHaveProperty('jwks_uri');
  });
});

describe('JWT options are checked at startup, with the issuer setting', () => {
  async function startupError(module: ReturnType<typeof OAuth2TokenModule.forRoot>) {
    try {
      await (await startE2eApp([module])).close();
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('refuses jwt without an issuer (forRoot)', async () => {
    const module = OAuth2TokenModule.forRoot({
      accessTokenFormat: 'jwt',
      signingKeys: [{ kid: 'ed-1', key: ed }],
    });
    expect(await startupError(module)).toMatch(/JWT access tokens need the issuer setting/);
  });

  it('refuses jwt with MAC and a key without kid (forRootAsync, issuer given)', async () => {
    const module = OAuth2TokenModule.forRootAsync({
      issuer: ISSUER,
      useFactory: () => ({
        authenticationMethod: MAC,
        accessTokenFormat: 'jwt' as const,
        signingKeys: [{ key: ed } as never],
      }),
    });
    const message = await startupError(module);
    expect(message).toMatch(/MAC tokens stay opaque/);
    expect(message).toMatch(/signingKeys\[0\]: needs a kid/);
    expect(message).not.toMatch(/issuer/);
  });
});
