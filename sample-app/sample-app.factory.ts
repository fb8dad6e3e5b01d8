import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ApiOrigin } from './api/api.module.js';
import { AppModule, type SampleAppOptions } from './app.module.js';
import {
  configureExpress,
  createHttpAdapter,
  handBodiesOverUnread,
  httpPlatformFrom,
  type SampleHttpPlatform,
} from './http-platform.js';
import { serveOpenApiDocs } from './openapi/openapi-docs.js';

/** How the sample app serves HTTP. */
export interface SampleHttpOptions {
  /** @default HTTP_ADAPTER of the environment, else Express */
  platform?: SampleHttpPlatform;
  /**
   * Addresses or ranges of the proxies whose `X-Forwarded-*` headers are believed (TRUST_PROXY), e.g. `loopback`
   * or `10.0.0.0/8`; behind them the sign-in page knows a request came over HTTPS. @default [] (none)
   */
  trustProxy?: readonly string[];
}

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
  {
    platform = httpPlatformFrom(process.env),
    trustProxy = [],
    ...options
  }: Omit<SampleAppOptions, 'databaseUrl' | 'origin'> & SampleHttpOptions = {},
): Promise<INestApplication> {
  const module = AppModule.forRoot({ databaseUrl, origin, ...options });
  const appOptions = {
    bodyParser: false,
    abortOnError: false,
    ...(logger !== undefined && { logger }),
  };
  const adapter = await createHttpAdapter(platform, trustProxy);
  const app = adapter
    ? await NestFactory.create(module, adapter, appOptions)
    : await NestFactory.create(module, appOptions);
  configureExpress(app, platform, trustProxy);
  handBodiesOverUnread(app, platform);
  serveOpenApiDocs(app);
  app.enableShutdownHooks();
  await app.init();
  return app;
}
