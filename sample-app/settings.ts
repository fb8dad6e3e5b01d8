import { DEFAULT_DATABASE_URL, DEFAULT_DB_TIMEOUT_MS } from './database/database-options.js';

/** The sample app's settings, from PORT, HOST, DATABASE_URL and DB_TIMEOUT_MS. */
export interface SampleSettings {
  /** @default 3000 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** @default 'sqlite:sample-app/data/oauth2.sqlite' */
  databaseUrl: string;
  /** How long a request may wait for the database before it is answered 503. @default 5000 */
  dbTimeoutMs: number;
}

/** Reads the settings from `env`; throws on a malformed PORT or DB_TIMEOUT_MS. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): SampleSettings {
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error('PORT must be an integer from 0 to 65535');
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: databaseUrlFrom(env),
    dbTimeoutMs: dbTimeoutFrom(env),
  };
}

/** DATABASE_URL, or the default SQLite file. */
export function databaseUrlFrom(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** DB_TIMEOUT_MS (milliseconds, 100 to 600000), or 5000. */
export function dbTimeoutFrom(env: NodeJS.ProcessEnv): number {
  const value = env.DB_TIMEOUT_MS ? Number(env.DB_TIMEOUT_MS) : DEFAULT_DB_TIMEOUT_MS;
  if (!Number.isInteger(value) || value < 100 || value > 600_000) {
    throw new Error('DB_TIMEOUT_MS must be an integer number of milliseconds from 100 to 600000');
  }
  return value;
}
