import { DEFAULT_DATABASE_URL } from './database.js';

/** The sample app's settings, from PORT, HOST and DATABASE_URL. */
export interface SampleSettings {
  /** @default 3000 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** @default 'sqlite:sample-app/data/oauth2.sqlite' */
  databaseUrl: string;
}

/** Reads the settings from `env`; throws on a malformed PORT. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): SampleSettings {
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error('PORT must be an integer from 0 to 65535');
  }
  return { port, host: env.HOST || '127.0.0.1', databaseUrl: databaseUrlFrom(env) };
}

/** DATABASE_URL, or the default SQLite file. */
export function databaseUrlFrom(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}
