import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { OAUTH2_ENTITIES, OAUTH2_MIGRATIONS } from 'nestjs-oauth2-token';
import { testDatabaseOptions } from './database.js';
import { prepareTestHttpApp, testHttpAdapter } from './http-adapter.js';

/** One database that several app instances share, migrated once: a SQLite file, or a PostgreSQL schema. */
export interface SharedDatabase {
  options: TypeOrmModuleOptions;
  /** Starts a listening app on this database importing `modules` (an instance of a multi-instance deployment). */
  start(modules: (Type | DynamicModule)[]): Promise<INestApplication>;
  /** Every row of a table, read with plain SQL. */
  rowsOf(table: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** A fresh shared database (TEST_DATABASE_URL picks PostgreSQL), its schema made by the module's migrations. */
export async function sharedDatabase(): Promise<SharedDatabase> {
  const base = testDatabaseOptions() as DataSourceOptions & { schema?: string };
  const file = join(
    tmpdir(),
    `oauth2-shared-${process.pid}-${Math.random().toString(36).slice(2)}.sqlite`,
  );
  const options = {
    ...(base.type === 'postgres' ? base : { type: 'better-sqlite3', database: file }),
    entities: OAUTH2_ENTITIES,
    synchronize: false,
  } as DataSourceOptions;
  const admin = new DataSource({ ...options, migrations: OAUTH2_MIGRATIONS });
  await admin.initialize();
  if (base.schema) await admin.query(`CREATE SCHEMA IF NOT EXISTS "${base.schema}"`);
  await admin.runMigrations();
  const apps: INestApplication[] = [];
  return {
    options: options as TypeOrmModuleOptions,
    async start(modules) {
      const moduleRef = await Test.createTestingModule({
        imports: [
          TypeOrmModule.forRoot({ ...(options as TypeOrmModuleOptions), retryAttempts: 0 }),
          ...modules,
        ],
      }).compile();
      const adapter = testHttpAdapter();
      const app = adapter
        ? moduleRef.createNestApplication(adapter)
        : moduleRef.createNestApplication();
      app.useLogger(false);
      prepareTestHttpApp(app);
      try {
        await app.listen(0, '127.0.0.1');
      } catch (error) {
        await app.close().catch(() => undefined);
        throw error;
      }
      apps.push(app);
      return app;
    },
    rowsOf(table) {
      const qualified = base.schema ? `"${base.schema}"."${table}"` : `"${table}"`;
      return admin.query(`SELECT * FROM ${qualified}`);
    },
    async drop() {
      await Promise.all(apps.map((app) => app.close().catch(() => undefined)));
      if (base.schema) await admin.query(`DROP SCHEMA IF EXISTS "${base.schema}" CASCADE`);
      await admin.destroy();
      if (base.type !== 'postgres') rmSync(file, { force: true });
    },
  };
}
