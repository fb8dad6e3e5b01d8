import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import request, { type Response } from 'supertest';
import {
  BEARER,
  DPOP,
  OAuth2Guard,
  OAuth2ResourceModule,
  OAuth2User,
  type AuthenticatedToken,
} from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { basic } from '../support/test-app.js';
import { expectOAuthError, expectToken } from '../support/token-request.js';
import { registration } from '../endpoints/support/endpoints.js';
import { dpopKey, proof, type DPoPKey, type ProofParts } from './support/dpop-proof.js';

const NONCE_SECRET = 'a resource-server nonce secret of 32+ chars';
const ALGS = 'ES256 EdDSA Ed25519 PS256 RS256';

@Controller('api')
@UseGuards(OAuth2Guard)
class ApiController {
  @Get('me')
  me(@OAuth2User() token: AuthenticatedToken) {
    return { client: token.clientId, tokenType: token.tokenType, jkt: token.dpopJkt ?? null };
  }
}

@Module({
  imports: [OAuth2ResourceModule.forRoot({ authenticationMethods: BEARER | DPOP })],
  controllers: [ApiController],
})
class ApiModule {}

@Controller('nonce-api')
@UseGuards(OAuth2Guard)
class NonceApiController {
  @Get('me')
  me() {
    return { ok: true };
  }
}

/** A resource server that asks for its own nonces (RFC 9449 §9). */
@Module({
  imports: [
    OAuth2ResourceModule.forRoot({
      authenticationMethods: DPOP,
      dpop: { nonce: { secret: NONCE_SECRET } },
    }),
  ],
  controllers: [NonceApiController],
})
class NonceApiModule {}

describe('DPoP at the resource server (RFC 9449 §7)', () => {
  let t: E2eApp;
  let client: TestClient;
  let key: DPoPKey;
  let origin: string;

  beforeAll(async () => {
    // No issuer: the token endpoint checks htu against the URL the request reached (scheme and Host).
    t = await startE2eApp([registration({ dpop: true }), ApiModule, NonceApiModule]);
    await t.addScopes('email');
    client = await t.addClient({ ownerId: 'owner-1' });
    key = await dpopKey('ES256');
    origin = `http://127.0.0.1:${(t.http.address() as { port: number }).port}`;
  });
  afterAll(() => t.close());

  /** A client_credentials token bound to `signer` (or a bearer token without one). */
  async function issue(signer: DPoPKey | null = key): Promise<string> {
    const req = request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .type('form');
    if (signer)
      req.set('DPoP', await proof(signer, { htm: 'POST', htu: `${origin}/oauth2/token` }));
    const body = expectToken(await req.send({ grant_type: 'client_credentials', scope: 'email' }));
    expect(body.token_type).toBe(signer ? 'DPoP' : 'bearer');
    return body.access_token;
  }

  const resourceProof = (token: string, parts: Partial<ProofParts> = {}, signer = key) =>
    proof(signer, { htm: 'GET', htu: `${origin}/api/me`, accessToken: token, ...parts });

  function get(path: string, authorization?: string, dpop?: string): Promise<Response> {
    const req = request(t.http).get(path);
    if (authorization) req.set('Authorization', authorization);
    if (dpop) req.set('DPoP', dpop);
    return req.then((res) => res);
  }

  it('accepts DPoP <token> with a proof of the bound key; the handler sees tokenType dpop and the jkt', async () => {
    const token = await issue();
    const res = await get('/api/me', `DPoP ${token}`, await resourceProof(token));
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { client: client.clientId, tokenType: 'dpop', jkt: key.jkt },
    });
  });

  it('the proof htu ignores the query string of the resource URL', async () => {
    const token = await issue();
    const res = await get('/api/me?page=2', `DPoP ${token}`, await resourceProof(token));
    expect(res.status).toBe(200);
  });

  it('a request without credentials gets a DPoP challenge naming the algorithms, besides Bearer', async () => {
    const res = await get('/api/me');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(`Bearer realm="", DPoP realm="", algs="${ALGS}"`);
  });

  it('a DPoP-bound token presented as Bearer is refused (401 invalid_token)', async () => {
    const token = await issue();
    const res = await get('/api/me', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="", error="invalid_token"/);
  });

  it('a bearer token presented as DPoP is refused (401 invalid_token), even with a valid proof', async () => {
    const token = await issue(null);
    const res = await get('/api/me', `DPoP ${token}`, await resourceProof(token));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^DPoP realm="", error="invalid_token"/);
  });

  it('a valid proof by another key: 401 invalid_token (the binding does not match)', async () => {
    const token = await issue();
    const res = await get(
      '/api/me',
      `DPoP ${token}`,
      await resourceProof(token, {}, await dpopKey()),
    );
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      `DPoP realm="", error="invalid_token", error_description="The DPoP proof key is not the one the token is bound to", algs="${ALGS}"`,
    );
  });

  describe('each refused proof: 401 with DPoP error="invalid_dpop_proof" and the algs', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: [string, (token: string) => Promise<string | undefined>, string][] = [
      ['no DPoP header', async () => undefined, 'A DPoP proof is required'],
      ['no ath', (token) => resourceProof(token, { accessToken: undefined }), 'must carry ath'],
      [
        'ath of another token',
        (token) => resourceProof(token, { accessToken: `${token}x` }),
        'ath does not match',
      ],
      [
        'htu of another path',
        (token) => resourceProof(token, { htu: `${origin}/api/other` }),
        'htu does not match',
      ],
      [
        'htu of the token endpoint',
        (token) => resourceProof(token, { htu: `${origin}/oauth2/token` }),
        'htu does not match',
      ],
      ['htm POST', (token) => resourceProof(token, { htm: 'POST' }), 'htm does not match'],
      ['a stale iat', (token) => resourceProof(token, { iat: now() - 300 }), 'iat is outside'],
      [
        'a tampered signature',
        async (token) => {
          const [header, payload, signature] = (await resourceProof(token)).split('.');
          const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
          return `${header}.${payload}.${flipped}`;
        },
        'signature is invalid',
      ],
    ];
    it.each(cases)('%s', async (_, make, description) => {
      const token = await issue();
      const res = await get('/api/me', `DPoP ${token}`, await make(token));
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'invalid_dpop_proof' });
      expect(res.body.error_description).toContain(description);
      expect(res.headers['www-authenticate']).toMatch(
        new RegExp(
          `^DPoP realm="", error="invalid_dpop_proof", error_description="[^"]+", algs="${ALGS}"$`,
        ),
      );
    });

    it('a Host that makes no URL, even with an htu as malformed', async () => {
      const token = await issue();
      const res = await request(t.http)
        .get('/api/me')
        .set('Host', 'bad host')
        .set('Authorization', `DPoP ${token}`)
        .set('DPoP', await resourceProof(token, { htu: 'http://bad host/api/me' }));
      expect({ status: res.status, body: res.body }).toEqual({
        status: 401,
        body: {
          error: 'invalid_dpop_proof',
          error_description: 'The DPoP proof htu does not match the request URL',
        },
      });
    });

    it('a replayed proof (same jti), though everything else is valid', async () => {
      const token = await issue();
      const once = await resourceProof(token);
      expect((await get('/api/me', `DPoP ${token}`, once)).status).toBe(200);
      const replay = await get('/api/me', `DPoP ${token}`, once);
      expect(replay.status).toBe(401);
      expect(replay.body).toEqual({
        error: 'invalid_dpop_proof',
        error_description: 'The DPoP proof was already used',
      });
    });

    it('the same proof sent twice at once is accepted once', async () => {
      const token = await issue();
      const once = await resourceProof(token);
      const both = await Promise.all([1, 2].map(() => get('/api/me', `DPoP ${token}`, once)));
      expect(both.map((res) => res.status).sort()).toEqual([200, 401]);
    });

    it('the header of a verified proof, signed by another key', async () => {
      const token = await issue();
      expect((await get('/api/me', `DPoP ${token}`, await resourceProof(token))).status).toBe(200);
      const forged = await resourceProof(
        token,
        { header: { jwk: key.publicJwk } },
        await dpopKey(),
      );
      expect(forged.split('.')[0]).toBe((await resourceProof(token)).split('.')[0]);
      const res = await get('/api/me', `DPoP ${token}`, forged);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: 'invalid_dpop_proof',
        error_description: 'The DPoP proof signature is invalid',
      });
    });
  });

  it('a resource server with nonces: use_dpop_nonce with DPoP-Nonce, then the retry with the nonce passes', async () => {
    const token = await issue();
    const htu = `${origin}/nonce-api/me`;
    const first = await get('/nonce-api/me', `DPoP ${token}`, await resourceProof(token, { htu }));
    expect(first.status).toBe(401);
    expect(first.body.error).toBe('use_dpop_nonce');
    expect(first.headers['www-authenticate']).toMatch(/^DPoP realm="", error="use_dpop_nonce"/);
    const nonce = first.headers['dpop-nonce'];
    expect(nonce).toEqual(expect.any(String));
    const forged = await get(
      '/nonce-api/me',
      `DPoP ${token}`,
      await resourceProof(token, { htu, nonce: `${nonce.split('.')[0]}.${'A'.repeat(43)}` }),
    );
    expect(forged.body.error).toBe('use_dpop_nonce');
    const retry = await get(
      '/nonce-api/me',
      `DPoP ${token}`,
      await resourceProof(token, { htu, nonce }),
    );
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 200, body: { ok: true } });
  });

  it('the token endpoint refuses a proof whose htu is not the URL the request reached', async () => {
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .set('DPoP', await proof(key, { htm: 'POST', htu: 'http://other.example/oauth2/token' }))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expectOAuthError(res, 'invalid_dpop_proof');
  });
});
