import pg from 'pg';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';

/**
 * The test database: SQLite in memory by default; PostgreSQL when TEST_DATABASE_URL is a postgres:// URL, each
 * app in a schema of its own so runs never see each other's rows.
 */
export function testDatabaseOptions(): TypeOrmModuleOptions {
  const url = process.env.TEST_DATABASE_URL;
  if (url?.startsWith('postgres')) {
    return {
      type: 'postgres',
      url,
      schema: `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`,
      autoLoadEntities: true,
      synchronize: true,
      poolSize: 20,
    };
  }
  return {
    type: 'better-sqlite3',
    database: ':memory:',
    autoLoadEntities: true,
    synchronize: true,
  };
}

/** `testDatabaseOptions()` with its PostgreSQL schema created (TypeORM synchronizes tables, not schemas). */
export async function prepareTestDatabase(): Promise<TypeOrmModuleOptions> {
  const options = testDatabaseOptions();
  if (options.type === 'postgres' && options.schema) {
    const client = new pg.Client({ connectionString: options.url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    } finally {
      await client.end();
    }
  }
  return options;
}
