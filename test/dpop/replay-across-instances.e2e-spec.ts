import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, UseGuards, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  ClientRegistry,
  DPOP,
  OAuth2Guard,
  OAuth2ResourceModule,
  OAuth2TokenModule,
} from 'nestjs-oauth2-token';
import { sharedDatabase, type SharedDatabase } from '../support/shared-database.js';
import { basic } from '../support/test-app.js';
import { expectOAuthError, expectToken } from '../support/token-request.js';
import { dpopKey, proof, type DPoPKey } from './support/dpop-proof.js';

const ISSUER = 'https://as.example';
/** Both instances are reached through one public origin, as behind a load balancer. */
const API_ORIGIN = 'https://api.example';

@Controller('api')
@UseGuards(OAuth2Guard)
class ApiController {
  @Get('me')
  me() {
    return { ok: true };
  }
}

@Module({
  imports: [
    OAuth2ResourceModule.forRoot({ authenticationMethods: DPOP, publicOrigin: API_ORIGIN }),
  ],
  controllers: [ApiController],
})
class ApiModule {}

/**
 * Two app instances on one database (a SQLite file, or a PostgreSQL schema with TEST_DATABASE_URL): a DPoP proof
 * accepted by one is a replay at the other, at the token endpoint and at the API, even sent to both at once.
 */
describe('DPoP proofs are single-use across instances', () => {
  let database: SharedDatabase;
  const apps: INestApplication[] = [];
  let client: { clientId: string; clientSecret: string };
  let key: DPoPKey;

  beforeAll(async () => {
    database = await sharedDatabase();
    for (let i = 0; i < 2; i++) {
      apps.push(
        await database.start([
          OAuth2TokenModule.forRoot({ issuer: ISSUER, dpop: true, bruteForceLimits: false }),
          ApiModule,
        ]),
      );
    }
    const { client: registered, clientSecret } = await apps[0]
      .get(ClientRegistry)
      .register({ name: 'dpop client', grantTypes: ['client_credentials'] });
    client = { clientId: registered.clientId, clientSecret: clientSecret! };
    key = await dpopKey();
  });
  afterAll(() => database.drop());

  const tokenRequest = (app: INestApplication, dpop: string) =>
    request(app.getHttpServer())
      .post('/oauth2/token')
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .set('DPoP', dpop)
      .type('form')
      .send({ grant_type: 'client_credentials' });

  it('a token-endpoint proof used at one instance is refused at the other', async () => {
    const once = await proof(key, { htm: 'POST', htu: `${ISSUER}/oauth2/token` });
    expect(expectToken(await tokenRequest(apps[0], once)).token_type).toBe('DPoP');
    expectOAuthError(await tokenRequest(apps[1], once), 'invalid_dpop_proof');
  });

  it('an API proof sent to both instances at once is accepted exactly once', async () => {
    const tokenProof = await proof(key, { htm: 'POST', htu: `${ISSUER}/oauth2/token` });
    const token = expectToken(await tokenRequest(apps[1], tokenProof)).access_token;
    const apiProof = await proof(key, {
      htm: 'GET',
      htu: `${API_ORIGIN}/api/me`,
      accessToken: token,
    });
    const answers = await Promise.all(
      [...apps, ...apps].map((app) =>
        request(app.getHttpServer())
          .get('/api/me')
          .set('Authorization', `DPoP ${token}`)
          .set('DPoP', apiProof)
          .then((res) => ({ status: res.status, error: res.body.error })),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.error === 'invalid_dpop_proof')).toHaveLength(3);
  });
});
