import { type INestApplication, type ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessRange,
  ClientRegistry,
  CodeIssuer,
  type ClientRegistration,
} from 'nestjs-oauth2-token';
import { prepareTestDatabase } from './database.js';
import { prepareTestHttpApp, readyTestHttpApp, testHttpAdapter } from './http-adapter.js';

/** A running test app on a fresh database, with helpers to seed it. */
export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  dataSource: DataSource;
  addScopes(...keys: string[]): Promise<void>;
  addClient(
    registration?: Partial<ClientRegistration>,
  ): Promise<{ clientId: string; clientSecret: string }>;
  issueCode(request: Parameters<CodeIssuer['issue']>[0]): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts a Nest app importing `imports` on the test database (default body parser unless told), on Express or, with
 * `TEST_HTTP_ADAPTER=fastify`, on Fastify.
 */
export async function createTestApp(
  imports: ModuleMetadata['imports'],
  appOptions: { bodyParser?: boolean; rawBody?: boolean } = {},
): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [TypeOrmModule.forRootAsync({ useFactory: prepareTestDatabase }), ...(imports ?? [])],
  }).compile();
  const adapter = testHttpAdapter();
  const app = adapter
    ? moduleRef.createNestApplication(adapter, appOptions)
    : moduleRef.createNestApplication(appOptions);
  if (!process.env.TEST_LOGS) app.useLogger(false);
  prepareTestHttpApp(app, appOptions);
  await app.init();
  await readyTestHttpApp(app);
  const dataSource = app.get(DataSource);
  const registry = app.get(ClientRegistry);
  return {
    app,
    http: app.getHttpServer(),
    dataSource,
    async addScopes(...keys) {
      await dataSource
        .getRepository(AccessRange)
        .save(keys.map((key) => ({ key, description: null })));
    },
    async addClient(registration = {}) {
      const { client, clientSecret } = await registry.register({
        name: 'test client',
        ...registration,
      });
      return { clientId: client.clientId, clientSecret: clientSecret ?? '' };
    },
    issueCode: (request) => app.get(CodeIssuer).issue(request),
    async close() {
      const schema = (dataSource.options as { schema?: string }).schema;
      if (schema) await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await app.close();
    },
  };
}

/** An HTTP Basic Authorization header, form-urlencoding id and secret first (RFC 6749 §2.3.1). */
export function basic(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}
