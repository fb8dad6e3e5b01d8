import type { QueryRunner } from 'typeorm';

/** The SQL dialects the module's migrations are written for. */
export type SqlDialect = 'postgres' | 'sqlite';

const SQLITE_DRIVERS = ['better-sqlite3', 'sqlite', 'capacitor', 'expo', 'sqljs'];

/** The dialect of the migration's DataSource; other databases are refused with a clear message. */
export function sqlDialect(queryRunner: QueryRunner): SqlDialect {
  const type = queryRunner.connection.options.type;
  if (type === 'postgres' || type === 'cockroachdb') return 'postgres';
  if (SQLITE_DRIVERS.includes(type)) return 'sqlite';
  throw new Error(
    `nestjs-oauth2-token ships migrations for PostgreSQL and SQLite, not for ${type}`,
  );
}
