import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSampleApp } from '../../../sample-app/sample-app.factory.js';

/** The HTTP platforms every scenario runs on. */
export const PLATFORMS = ['express', 'fastify'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Where a test app serves Swagger UI; the document is at `/<DOCS_PATH>-json`. */
export const TEST_DOCS_PATH = 'docs';

/**
 * A listening app on `platform` importing `imports` on an in-memory SQLite database, serving `document(app)` and
 * Swagger UI at `/docs` — set up before the app initialises, as an app does.
 */
export async function startDocumentedApp(
  platform: Platform,
  imports: ModuleMetadata['imports'],
  document: (app: INestApplication) => OpenAPIObject,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        type: 'better-sqlite3',
        database: ':memory:',
        autoLoadEntities: true,
        synchronize: true,
      }),
      ...(imports ?? []),
    ],
  }).compile();
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter())
      : moduleRef.createNestApplication();
  app.useLogger(false);
  SwaggerModule.setup(TEST_DOCS_PATH, app, () => document(app));
  await app.listen(0, '127.0.0.1');
  return app;
}

/** The sample app (`npm start`'s) on `platform` with an issuer, on a fresh SQLite file, listening. */
export async function startSampleApp(
  platform: Platform,
  issuer: string,
): Promise<{ app: INestApplication; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'oauth2-openapi-'));
  const previous = process.env.HTTP_ADAPTER;
  process.env.HTTP_ADAPTER = platform;
  try {
    const app = await createSampleApp(`sqlite:${join(dir, 'oauth2.sqlite')}`, false, undefined, {
      issuer,
    });
    await app.listen(0, '127.0.0.1');
    return {
      app,
      async close() {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } finally {
    if (previous === undefined) delete process.env.HTTP_ADAPTER;
    else process.env.HTTP_ADAPTER = previous;
  }
}
