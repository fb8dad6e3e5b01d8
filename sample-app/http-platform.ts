import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The HTTP platforms the sample app runs on (HTTP_ADAPTER). */
export type SampleHttpPlatform = 'express' | 'fastify';

/** HTTP_ADAPTER (`express` or `fastify`), Express when unset; throws on anything else. */
export function httpPlatformFrom(env: NodeJS.ProcessEnv): SampleHttpPlatform {
  const name = env.HTTP_ADAPTER || 'express';
  if (name !== 'express' && name !== 'fastify') {
    throw new Error('HTTP_ADAPTER must be express or fastify');
  }
  return name;
}

/**
 * The Nest HTTP adapter of `platform`, or undefined for Nest's default (Express). Fastify is loaded only when asked
 * for, accepts a trailing slash on a path as Express does, and believes `X-Forwarded-*` only from `trustProxy`.
 */
export async function createHttpAdapter(
  platform: SampleHttpPlatform,
  trustProxy: readonly string[] = [],
): Promise<AbstractHttpAdapter | undefined> {
  if (platform === 'express') return undefined;
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  return new FastifyAdapter({
    routerOptions: { ignoreTrailingSlash: true },
    ...(trustProxy.length > 0 && { trustProxy: [...trustProxy] }),
  });
}

/**
 * Express's side of what Fastify gets in `createHttpAdapter`: no `X-Powered-By` (Fastify sends none), and
 * `X-Forwarded-*` believed only from the `trustProxy` addresses, so `req.protocol` is `https` behind them.
 */
export function configureExpress(
  app: INestApplication,
  platform: SampleHttpPlatform,
  trustProxy: readonly string[] = [],
): void {
  if (platform !== 'express') return;
  const express = (app as NestExpressApplication).getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  if (trustProxy.length > 0) express.set('trust proxy', [...trustProxy]);
}

/**
 * With the body parser off, Fastify still parses JSON and text and refuses other bodies with 415. Like Express, it
 * now hands every body to the handlers unread: the token endpoints read the form themselves. The form type is
 * named as well as `'*'`: Fastify remembers the parser it found for a named type, but looks for the catch-all anew
 * on every request (a content-type parse and three lookups, about 5 % of a token's CPU).
 */
export function handBodiesOverUnread(app: INestApplication, platform: SampleHttpPlatform): void {
  if (platform !== 'fastify') return;
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  const unread = (_request: unknown, _payload: unknown, done: (error: null) => void) => done(null);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/x-www-form-urlencoded', unread);
  fastify.addContentTypeParser('*', unread);
}
