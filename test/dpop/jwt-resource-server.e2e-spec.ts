import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import request from 'supertest';
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
import { expectToken } from '../support/token-request.js';
import { registration } from '../endpoints/support/endpoints.js';
import { dpopKey, proof, type DPoPKey } from './support/dpop-proof.js';

const ISSUER = 'https://as.example';
const AUDIENCE = 'https://api.example';
const SIGNING_KEYS = [{ kid: 'ed-1', key: generateKeyPairSync('ed25519').privateKey }];

@Controller('api')
@UseGuards(OAuth2Guard)
class ApiController {
  @Get('me')
  me(@OAuth2User() token: AuthenticatedToken) {
    return { id: token.id, tokenType: token.tokenType, jkt: token.dpopJkt ?? null };
  }
}

/** A guard that verifies JWTs locally (no database lookup), accepting Bearer and DPoP. */
@Module({
  imports: [
    OAuth2ResourceModule.forRoot({
      authenticationMethods: BEARER | DPOP,
      publicOrigin: 'https://api.example',
      jwt: { issuer: ISSUER, audience: AUDIENCE, signingKeys: SIGNING_KEYS },
    }),
  ],
  controllers: [ApiController],
})
class ApiModule {}

describe('DPoP-bound JWT access tokens at a guard that verifies JWTs locally', () => {
  let t: E2eApp;
  let client: TestClient;
  let key: DPoPKey;
  let tokenUrl: string;

  beforeAll(async () => {
    t = await startE2eApp([
      registration(
        {
          accessTokenFormat: 'jwt',
          accessTokenAudience: AUDIENCE,
          signingKeys: SIGNING_KEYS,
          dpop: true,
        },
        { issuer: ISSUER },
      ),
      ApiModule,
    ]);
    client = await t.addClient({ grantTypes: ['client_credentials'] });
    key = await dpopKey('ES256');
    tokenUrl = `${ISSUER}/oauth2/token`;
  });
  afterAll(() => t.close());

  async function boundJwt(): Promise<string> {
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .set('DPoP', await proof(key, { htm: 'POST', htu: tokenUrl }))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    const body = expectToken(res);
    expect(body.token_type).toBe('DPoP');
    return body.access_token;
  }

  const callApi = async (token: string, scheme: string, signer?: DPoPKey) => {
    const req = request(t.http).get('/api/me').set('Authorization', `${scheme} ${token}`);
    if (signer) {
      req.set(
        'DPoP',
        await proof(signer, {
          htm: 'GET',
          htu: 'https://api.example/api/me',
          accessToken: token,
        }),
      );
    }
    return req;
  };

  it('the JWT carries cnf.jkt, and DPoP with a proof of that key is accepted without a row lookup', async () => {
    const token = await boundJwt();
    expect(decodeJwt(token).cnf).toEqual({ jkt: key.jkt });
    const res = await callApi(token, 'DPoP', key);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: null, tokenType: 'dpop', jkt: key.jkt });
  });

  it('presented as Bearer, the bound JWT is refused, also once verified and cached', async () => {
    const token = await boundJwt();
    expect((await callApi(token, 'DPoP', key)).status).toBe(200);
    const res = await callApi(token, 'Bearer');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it('a proof by another key is refused, and so is a missing proof', async () => {
    const token = await boundJwt();
    const other = await callApi(token, 'DPoP', await dpopKey('ES256'));
    expect(other.status).toBe(401);
    expect(other.headers['www-authenticate']).toMatch(/^DPoP .*error="invalid_token"/);
    const none = await callApi(token, 'DPoP');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
  });

  it('an unbound JWT sent with the DPoP scheme is refused', async () => {
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    const token = expectToken(res).access_token;
    expect((await callApi(token, 'Bearer')).status).toBe(200);
    expect((await callApi(token, 'DPoP', key)).status).toBe(401);
  });
});
