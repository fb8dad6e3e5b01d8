import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { startBanner } from './banner.js';
import { DatabaseStartup } from './database/database-startup.service.js';
import { httpPlatformFrom } from './http-platform.js';
import { createSampleApp } from './sample-app.factory.js';
import { settingsFromEnv } from './settings.js';

/** The sample app listening, as `npm start` runs it. */
export interface RunningSampleApp {
  app: INestApplication;
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** What `npm start` prints once it listens. */
  banner: string;
  /** Resolves once the database is open, migrated and seeded; rejects on a permanent failure. */
  database: Promise<void>;
}

/**
 * Serves both token endpoints, the authorization page and `GET /health` at once with the settings of `env`, then
 * opens the database in the background (creating the schema and seeding an empty one), answering 503 until it is
 * ready. The issuer is `http://HOST:PORT` (none with PORT=0, whose port is known only later).
 */
export async function serveSampleApp(
  env: NodeJS.ProcessEnv,
  logger?: LoggerService | LogLevel[] | false,
): Promise<RunningSampleApp> {
  const { port, host, databaseUrl, dbTimeoutMs } = settingsFromEnv(env);
  const issuer =
    port === 0 ? undefined : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const app = await createSampleApp(
    databaseUrl,
    logger,
    { host, port },
    { dbTimeoutMs, waitForDatabase: true, issuer, platform: httpPlatformFrom(env) },
  );
  try {
    await app.listen(port, host);
  } catch (error) {
    await app.close();
    throw error;
  }
  const baseUrl = await app.getUrl();
  const database = app.get(DatabaseStartup).start();
  database.catch(() => undefined); // the caller reports it; this only keeps it from counting as unhandled
  return { app, baseUrl, banner: startBanner(baseUrl, env.DATABASE_URL), database };
}
