import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { SigningKeySet } from 'nestjs-oauth2-token';
import { bearerEndpointOf } from './app.module.js';
import { startBanner } from './banner.js';
import { DatabaseStartup } from './database/database-startup.service.js';
import { httpPlatformFrom } from './http-platform.js';
import { loadSigningKey, signingKeyPath } from './jwt-signing-key.js';
import { createSampleApp } from './sample-app.factory.js';
import { baseUrlOf, settingsFromEnv } from './settings.js';

/** The sample app listening, as `npm start` runs it. */
export interface RunningSampleApp {
  app: INestApplication;
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** What `npm start` prints once it listens. */
  banner: string;
  /** Resolves once the database is open, migrated and (when asked) seeded; rejects on a permanent failure. */
  database: Promise<void>;
}

/**
 * Serves both token endpoints, the authorization page and `GET /health` at once with the settings of `env`, then
 * opens the database in the background (creating the schema, and seeding the demo data when SEED_DEMO or the
 * default SQLite file asks for it), answering 503 until it is ready. The issuer, the MAC origin and the demo
 * redirect URI all follow HOST and PORT (with PORT=0, the port is known only once listening: no issuer then).
 */
export async function serveSampleApp(
  env: NodeJS.ProcessEnv,
  logger?: LoggerService | LogLevel[] | false,
): Promise<RunningSampleApp> {
  const settings = settingsFromEnv(env);
  const { port, host } = settings;
  const configured = port === 0 ? undefined : baseUrlOf(host, port);
  const jwt = settings.accessTokenFormat === 'jwt' || settings.signingKeySecret !== undefined;
  if (jwt && !configured) {
    throw new Error('JWT access tokens need a fixed PORT: the issuer names it');
  }
  // SIGNING_KEY_SECRET: keys the library keeps in the database; else the app's own key, from SIGNING_KEY or a file.
  const signing =
    settings.accessTokenFormat === 'jwt' && settings.signingKeySecret === undefined
      ? await loadSigningKey(env, env.SIGNING_KEY_FILE || signingKeyPath(settings.databaseUrl))
      : undefined;
  const app = await createSampleApp(
    settings.databaseUrl,
    logger,
    configured ? { host: new URL(configured).hostname, port } : undefined,
    {
      dbTimeoutMs: settings.dbTimeoutMs,
      waitForDatabase: true,
      issuer: configured,
      signingKeySecret: settings.signingKeySecret,
      platform: httpPlatformFrom(env),
      trustProxy: settings.trustProxy,
      redis: settings.redisUrl
        ? {
            url: settings.redisUrl,
            keyPrefix: settings.redisKeyPrefix,
            timeoutMs: settings.dbTimeoutMs,
          }
        : undefined,
      jwtSigningKey: signing?.key,
    },
  );
  try {
    await app.listen(port, host);
  } catch (error) {
    await app.close();
    throw error;
  }
  const baseUrl = configured ?? (await app.getUrl());
  const database = app
    .get(DatabaseStartup)
    .start({ demoBaseUrl: settings.seedDemo ? baseUrl : undefined })
    // With SIGNING_KEY_SECRET: the first key is made now, and a wrong secret stops the app here.
    .then(() => bearerEndpointOf(app).get(SigningKeySet, { strict: true }).reload());
  database.catch(() => undefined); // the caller reports it; this only keeps it from counting as unhandled
  const banner = startBanner({
    baseUrl,
    databaseUrl: env.DATABASE_URL,
    demo: settings.seedDemo,
    redisUrl: settings.redisUrl,
    jwtKeySource: settings.signingKeySecret ? 'database' : signing?.source,
  });
  return { app, baseUrl, banner, database };
}
