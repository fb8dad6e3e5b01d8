import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ApiOrigin } from './api/api.module.js';
import { AppModule, type SampleAppOptions } from './app.module.js';
import { createHttpAdapter, handBodiesOverUnread, httpPlatformFrom } from './http-platform.js';
import { serveOpenApiDocs } from './openapi/openapi-docs.js';

/**
 * Creates and initialises the HTTP app, not yet listening. The body parser is off: the token endpoints read the
 * raw form body themselves (strictly: repeated parameters are rejected, 64 KiB at most). `origin` is the host and
 * port MAC-signed API requests must name; `options.issuer` is the authorization server's issuer. With
 * `waitForDatabase`, the database is not opened yet: call `app.get(DatabaseStartup).start()` once listening.
 * Swagger UI is at `/docs`, the OpenAPI document at `/docs-json`.
 */
export async function createSampleApp(
  databaseUrl: string,
  logger?: LoggerService | LogLevel[] | false,
  origin?: ApiOrigin,
  options: Omit<SampleAppOptions, 'databaseUrl' | 'origin'> = {},
): Promise<INestApplication> {
  const module = AppModule.forRoot({ databaseUrl, origin, ...options });
  const appOptions = {
    bodyParser: false,
    abortOnError: false,
    ...(logger !== undefined && { logger }),
  };
  // HTTP_ADAPTER=fastify runs the same app on Fastify.
  const platform = httpPlatformFrom(process.env);
  const adapter = await createHttpAdapter(platform);
  const app = adapter
    ? await NestFactory.create(module, adapter, appOptions)
    : await NestFactory.create(module, appOptions);
  handBodiesOverUnread(app, platform);
  serveOpenApiDocs(app);
  app.enableShutdownHooks();
  await app.init();
  return app;
}
