import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/** The sample app's database when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = 'sqlite:sample-app/data/oauth2.sqlite';

/**
 * DataSource options for a DATABASE_URL: `sqlite:<path>` (better-sqlite3, WAL) or `postgres://...` (pg).
 * Entities are not listed here: the app adds its own and the module's.
 */
export function databaseOptions(url = DEFAULT_DATABASE_URL): DataSourceOptions {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { type: 'postgres', url };
  }
  if (url.startsWith('sqlite:')) {
    const database = url.slice('sqlite:'.length);
    if (!database) throw new Error('DATABASE_URL sqlite:<path> needs a path');
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return { type: 'better-sqlite3', database, enableWAL: true, timeout: 5000 };
  }
  throw new Error('DATABASE_URL must be sqlite:<path> or postgres://...');
}
