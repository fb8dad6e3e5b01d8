import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, UseGuards, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource, type DataSourceOptions } from 'typeorm';
import {
  ClientRegistry,
  DPOP,
  OAUTH2_ENTITIES,
  OAuth2Guard,
  OAuth2ResourceModule,
  OAuth2TokenModule,
} from 'nestjs-oauth2-token';
import { prepareTestHttpApp, testHttpAdapter } from '../support/http-adapter.js';
import { basic } from '../support/test-app.js';
import { expectOAuthError, expectToken } from '../support/token-request.js';
import { dpopKey, proof, type DPoPKey } from './support/dpop-proof.js';

const ISSUER = 'https://as.example';
/** Both instances are reached through one public origin, as behind a load balancer. */
const API_ORIGIN = 'https://api.example';
const SCHEMA = 'oauth2_dpop_instances';

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
  const apps: INestApplication[] = [];
  let folder: string | undefined;
  let client: { clientId: string; clientSecret: string };
  let key: DPoPKey;

  beforeAll(async () => {
    const url = process.env.TEST_DATABASE_URL;
    folder = url ? undefined : mkdtempSync(join(tmpdir(), 'oauth2-dpop-'));
    const database = (
      url
        ? { type: 'postgres', url, schema: SCHEMA }
        : { type: 'better-sqlite3', database: join(folder!, 'shared.sqlite') }
    ) as DataSourceOptions;
    if (url) {
      const admin = await new DataSource({ type: 'postgres', url }).initialize();
      await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`);
      await admin.destroy();
    }
    for (let i = 0; i < 2; i++) {
      const moduleRef = await Test.createTestingModule({
        imports: [
          TypeOrmModule.forRoot({ ...database, entities: OAUTH2_ENTITIES, synchronize: i === 0 }),
          OAuth2TokenModule.forRoot({ issuer: ISSUER, dpop: true, bruteForceLimits: false }),
          ApiModule,
        ],
      }).compile();
      const adapter = testHttpAdapter();
      const app = adapter
        ? moduleRef.createNestApplication(adapter)
        : moduleRef.createNestApplication();
      app.useLogger(false);
      prepareTestHttpApp(app);
      await app.listen(0, '127.0.0.1');
      apps.push(app);
    }
    const { client: registered, clientSecret } = await apps[0]
      .get(ClientRegistry)
      .register({ name: 'dpop client', grantTypes: ['client_credentials'] });
    client = { clientId: registered.clientId, clientSecret: clientSecret! };
    key = await dpopKey();
  });
  afterAll(async () => {
    if (process.env.TEST_DATABASE_URL)
      await apps[0]?.get(DataSource).query(`DROP SCHEMA ${SCHEMA} CASCADE`);
    for (const app of apps) await app.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

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
