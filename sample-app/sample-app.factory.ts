import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ApiOrigin } from './api/api.module.js';
import { AppModule, type SampleDatabaseOptions } from './app.module.js';

/**
 * Creates and initialises the HTTP app, not yet listening. The body parser is off: the token endpoints read the
 * raw form body themselves (strictly: repeated parameters are rejected, 64 KiB at most). `origin` is the host and
 * port MAC-signed API requests must name. With `waitForDatabase`, the database is not opened yet: call
 * `app.get(DatabaseStartup).start()` once listening.
 */
export async function createSampleApp(
  databaseUrl: string,
  logger?: LoggerService | LogLevel[] | false,
  origin?: ApiOrigin,
  database: Omit<SampleDatabaseOptions, 'databaseUrl'> = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot({ databaseUrl, origin, ...database }), {
    bodyParser: false,
    abortOnError: false,
    ...(logger !== undefined && { logger }),
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
