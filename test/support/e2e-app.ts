import { type INestApplication, type ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import {
  AccessRange,
  ClientRegistry,
  CodeIssuer,
  type ClientRegistration,
  type CodeRequest,
} from 'nestjs-oauth2-token';
import { testDatabaseOptions } from './database.js';
import { prepareTestHttpApp, testHttpAdapter } from './http-adapter.js';

/** A client's credentials as the tests send them (`clientSecret` is '' for a public client). */
export interface TestClient {
  clientId: string;
  clientSecret: string;
}

/** A listening test app on a fresh database, with seeding and row-reading helpers. */
export interface E2eApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  dataSource: DataSource;
  addScopes(...keys: string[]): Promise<void>;
  addClient(registration?: Partial<ClientRegistration>): Promise<TestClient>;
  issueCode(request: CodeRequest): Promise<string>;
  /** Rows of a table (by its SQL name) whose columns equal `where`, read with plain SQL. */
  rows(table: string, where: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Customises the testing module before it compiles, e.g. `(b) => b.overrideProvider(X).useClass(Y)`. */
export type ModuleCustomizer = (builder: TestingModuleBuilder) => TestingModuleBuilder;

/**
 * Starts a Nest app importing `imports` on the test database (Express, or Fastify with `TEST_HTTP_ADAPTER=fastify`)
 * and makes it listen on an ephemeral port, so that many concurrent supertest requests share one server. On
 * PostgreSQL it creates the file's schema first (TypeORM does not) and drops it on close. When startup fails, the
 * database is released and the error rethrown.
 */
export async function startE2eApp(
  imports: ModuleMetadata['imports'],
  customize: ModuleCustomizer = (builder) => builder,
): Promise<E2eApp> {
  const database = new TestDatabase();
  let app: INestApplication | undefined;
  try {
    const builder = Test.createTestingModule({
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...testDatabaseOptions(), retryAttempts: 1 }),
          dataSourceFactory: (options) => database.open(options!),
        }),
        ...(imports ?? []),
      ],
    });
    const moduleRef = await customize(builder).compile();
    const adapter = testHttpAdapter();
    app = adapter ? moduleRef.createNestApplication(adapter) : moduleRef.createNestApplication();
    app.useLogger(false);
    prepareTestHttpApp(app);
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.release();
    throw error;
  }
  return seededApp(app, database);
}

function seededApp(app: INestApplication, database: TestDatabase): E2eApp {
  const dataSource = app.get(DataSource);
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
      const { client, clientSecret } = await app
        .get(ClientRegistry)
        .register({ name: 'e2e client', ...registration });
      return { clientId: client.clientId, clientSecret: clientSecret ?? '' };
    },
    issueCode: (request) => app.get(CodeIssuer).issue(request),
    rows: (table, where) => database.select(table, where),
    async close() {
      await database.dropSchema();
      await app.close();
    },
  };
}

/** The DataSource of one test app, and the PostgreSQL schema it lives in. */
class TestDatabase {
  private dataSource: DataSource | undefined;
  private opening: Promise<DataSource> | undefined;

  open(options: DataSourceOptions): Promise<DataSource> {
    this.opening = this.initialize(options);
    return this.opening;
  }

  private async initialize(options: DataSourceOptions): Promise<DataSource> {
    this.dataSource = new DataSource({ ...options, synchronize: false });
    await this.dataSource.initialize();
    const schema = this.schema;
    if (schema) await this.dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${this.escape(schema)}`);
    if (options.synchronize) await this.dataSource.synchronize();
    return this.dataSource;
  }

  async select(table: string, where: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const ds = this.dataSource!;
    const values: unknown[] = [];
    const conditions = Object.entries(where).map(([column, value]) => {
      if (value === null) return `${this.escape(column)} IS NULL`;
      values.push(value);
      return `${this.escape(column)} = ${ds.options.type === 'postgres' ? `$${values.length}` : '?'}`;
    });
    const qualified = this.schema
      ? `${this.escape(this.schema)}.${this.escape(table)}`
      : this.escape(table);
    const filter = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    return ds.query(`SELECT * FROM ${qualified}${filter}`, values);
  }

  async dropSchema(): Promise<void> {
    const schema = this.schema;
    if (schema && this.dataSource?.isInitialized) {
      await this.dataSource.query(`DROP SCHEMA IF EXISTS ${this.escape(schema)} CASCADE`);
    }
  }

  /** Closes the database after a failed startup, once its (possibly still running) opening has settled. */
  async release(): Promise<void> {
    await this.opening?.catch(() => undefined);
    await this.dropSchema().catch(() => undefined);
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
  }

  private get schema(): string | undefined {
    return (this.dataSource?.options as { schema?: string } | undefined)?.schema;
  }

  private escape(name: string): string {
    return this.dataSource!.driver.escape(name);
  }
}
