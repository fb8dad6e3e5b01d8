import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

/** The HTTP platform the e2e apps run on: `TEST_HTTP_ADAPTER=fastify`, Express otherwise. */
export type TestHttpPlatform = 'express' | 'fastify';

/** Both adapters trust `X-Forwarded-For` from loopback only: a test picks a client's address with that header. */
const LOOPBACK = '127.0.0.1,::1,::ffff:127.0.0.1';

/** The platform of this test run. */
export function testHttpPlatform(): TestHttpPlatform {
  return process.env.TEST_HTTP_ADAPTER === 'fastify' ? 'fastify' : 'express';
}

/**
 * A new HTTP adapter for `createNestApplication`, or undefined for Nest's default (Express). On Fastify, a trailing
 * slash is accepted as Express accepts it, which the README asks of a Fastify app.
 */
export function testHttpAdapter(): AbstractHttpAdapter | undefined {
  if (testHttpPlatform() !== 'fastify') return undefined;
  return new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true }, trustProxy: LOOPBACK });
}

/**
 * What the README asks of a Fastify app, done before the app initialises: bodies Fastify has no parser for reach
 * the handlers unread, as on Express, so the token endpoint reads and judges them itself; with `bodyParser: false`
 * Fastify parses no body at all (its built-in JSON and text parsers are removed too). A no-op on Express.
 */
export function prepareTestHttpApp(
  app: INestApplication,
  appOptions: { bodyParser?: boolean } = {},
): void {
  if (testHttpPlatform() !== 'fastify') {
    app.getHttpAdapter().getInstance().set('trust proxy', LOOPBACK);
    return;
  }
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  if (appOptions.bodyParser === false) fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
}

/** Waits until the app's HTTP server can take requests without `listen` (Fastify's routes are ready). */
export async function readyTestHttpApp(app: INestApplication): Promise<void> {
  if (testHttpPlatform() !== 'fastify') return;
  await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
}
