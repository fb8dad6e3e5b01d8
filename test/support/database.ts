import type { TypeOrmModuleOptions } from '@nestjs/typeorm';

/**
 * The test database: SQLite in memory by default; PostgreSQL when TEST_DATABASE_URL is a postgres:// URL, each
 * test file in a schema of its own so runs never see each other's rows.
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
      dropSchema: true,
    };
  }
  return {
    type: 'better-sqlite3',
    database: ':memory:',
    autoLoadEntities: true,
    synchronize: true,
  };
}
