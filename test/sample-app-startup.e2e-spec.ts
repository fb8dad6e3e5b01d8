import { afterEach, describe, expect, it } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClientRegistry } from 'nestjs-oauth2-token';
import { macRequest, macRequestTarget } from '../sample-app/mac-client.js';
import { DEMO_CLIENT, DEMO_USER } from '../sample-app/seed/demo-data.js';
import { serveSampleApp, type RunningSampleApp } from '../sample-app/server.js';
import { UsersService } from '../sample-app/users/users.service.js';
import { authorize, openAuthorizePage, submitConsent } from './interop/support/consent-form.js';
import { freePort, throwawayDatabase } from './interop/support/sample-server.js';

/**
 * What `npm start` does with the settings of its environment (serveSampleApp is main.ts without the printing),
 * checked through HTTP: where the demo data goes, which port its redirect URI names, what the banner and the log
 * print of DATABASE_URL, and how the sign-in page treats a proxy.
 */
describe('the sample app as npm start runs it: safe to copy', () => {
  const started: RunningSampleApp[] = [];
  const databases: Array<{ url: string; drop(): Promise<void> }> = [];

  /** A fresh database for one test: SQLite, or PostgreSQL when TEST_DATABASE_URL is one. */
  const database = async () => {
    const created = await throwawayDatabase();
    databases.push(created);
    return created.url;
  };
  /** `npm start` on a free port of 127.0.0.1 with `env`. */
  const serve = async (env: NodeJS.ProcessEnv, logger: LoggerService | false = false) => {
    const server = await serveSampleApp(
      { HOST: '127.0.0.1', PORT: String(await freePort()), ...env },
      logger,
    );
    started.push(server);
    return server;
  };
  const stop = async (server: RunningSampleApp) => {
    await server.app.close();
    await server.database.catch(() => undefined);
  };
  const demoToken = (server: RunningSampleApp) =>
    fetch(`${server.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.secret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'email' }),
    });

  afterEach(async () => {
    for (const server of started.splice(0)) await stop(server);
    for (const created of databases.splice(0)) await created.drop();
  }, 60_000);

  describe('demo data goes only into the default SQLite file, or where SEED_DEMO=1 asks for it', () => {
    it('another DATABASE_URL gets no demo client, and the banner says how to seed one', async () => {
      const server = await serve({ DATABASE_URL: await database() });
      await server.database;
      const res = await demoToken(server);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'invalid_client' });
      const page = await openAuthorizePage(server.baseUrl, {
        response_type: 'code',
        client_id: DEMO_CLIENT.clientId,
        redirect_uri: `${server.baseUrl}/callback`,
      });
      expect(page.status).toBe(400);
      expect(server.banner).toContain('SEED_DEMO=1');
      expect(server.banner).not.toContain(DEMO_CLIENT.secret);
      expect(server.banner).not.toContain(DEMO_USER.password);
    });

    it('SEED_DEMO=1 seeds it there, and the banner says so and gives its credentials', async () => {
      const server = await serve({ DATABASE_URL: await database(), SEED_DEMO: '1' });
      await server.database;
      expect((await demoToken(server)).status).toBe(200);
      expect(server.banner).toMatch(/Demo data.*SEED_DEMO/);
      expect(server.banner).toContain(`${DEMO_CLIENT.clientId} / ${DEMO_CLIENT.secret}`);
    });
  });

  describe('the demo redirect URI and mac-request follow PORT and HOST', () => {
    it("the banner's browser flow runs on the app's own port: authorize, callback, redeem", async () => {
      const server = await serve({ DATABASE_URL: await database(), SEED_DEMO: '1' });
      await server.database;
      const callback = `${server.baseUrl}/callback`;
      expect(server.banner).toContain(`redirect URI ${callback}`);
      expect(server.banner).not.toContain(':3000');

      const printed = server.banner
        .split('\n')
        .find((line) => line.startsWith(`${server.baseUrl}/oauth2/authorize?`));
      const params = Object.fromEntries(new URL(printed!).searchParams);
      expect(params.redirect_uri).toBe(callback);
      const location = await authorize(server.baseUrl, params);
      expect(`${location.origin}${location.pathname}`).toBe(callback);
      const shown = await fetch(location);
      expect(shown.status).toBe(200);
      expect(await shown.text()).toContain(location.searchParams.get('code')!);

      const verifier = /code_verifier=(\S+)/.exec(server.banner)![1];
      const res = await fetch(`${server.baseUrl}/oauth2/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.secret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: location.searchParams.get('code')!,
          redirect_uri: callback,
          code_verifier: verifier,
        }),
      });
      expect(res.status).toBe(200);
    });

    it("a demo database started again on another port registers that port's callback", async () => {
      const url = await database();
      const first = await serve({ DATABASE_URL: url, SEED_DEMO: '1' });
      await first.database;
      await stop(first);
      const second = await serve({ DATABASE_URL: url, SEED_DEMO: '1' });
      await second.database;
      expect(second.baseUrl).not.toBe(first.baseUrl);
      const page = await openAuthorizePage(second.baseUrl, {
        response_type: 'code',
        client_id: DEMO_CLIENT.clientId,
        redirect_uri: `${second.baseUrl}/callback`,
        scope: 'email',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      });
      expect(page.status).toBe(200);
    });

    it('npm run mac-request signs a GET of /api/email on PORT and HOST by default', async () => {
      const server = await serve({ DATABASE_URL: await database(), SEED_DEMO: '1' });
      await server.database;
      const { port } = new URL(server.baseUrl);
      const target = macRequestTarget(undefined, { PORT: port, HOST: '127.0.0.1' });
      expect(target.href).toBe(`${server.baseUrl}/api/email`);
      const exchange = await macRequest(target);
      expect(exchange.status).toBe(200);
      expect(JSON.parse(exchange.body)).toEqual({ email: DEMO_USER.email });
    });
  });

  describe('a password in DATABASE_URL is never printed', () => {
    it('neither in the banner nor in the log of a database that cannot be reached', async () => {
      const password = 'Pw-0f-The-Sample-Db';
      const url = `postgres://sample:${password}@127.0.0.1:${await freePort()}/sample`;
      const { printed, logger } = collectingLogger();
      const server = await serve({ DATABASE_URL: url, DB_TIMEOUT_MS: '200' }, logger);
      for (let waited = 0; waited < 5000 && !printed.some((line) => /unavailable/.test(line));) {
        await sleep(50);
        waited += 50;
      }
      expect(printed.join('\n')).toMatch(/Database unavailable/);
      expect(server.banner).toContain('postgres://sample:***@127.0.0.1:');
      expect(server.banner).not.toContain(password);
      expect(printed.join('\n')).not.toContain(password);
    });
  });

  describe('REDIS_URL: the brute-force counters in Redis', () => {
    const guess = (server: RunningSampleApp) =>
      fetch(`${server.baseUrl}/oauth2/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from('redis-guessed-client:not-the-secret').toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });

    it('counts failures in Redis under REDIS_KEY_PREFIX, and the banner says so', async () => {
      const keyPrefix = `sample-startup-${process.pid}-${Date.now()}:`;
      const server = await serve({
        DATABASE_URL: await database(),
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_KEY_PREFIX: keyPrefix,
      });
      await server.database;
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await guess(server)).status);
      expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
      expect(server.banner).toContain('Brute-force counters: in Redis at redis://127.0.0.1:6379');
      const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
      try {
        const keys = await redis.keys(`${keyPrefix}*`);
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.some((key) => key.endsWith(':blocked'))).toBe(true);
        await redis.del(...keys);
      } finally {
        await redis.quit();
      }
    });

    it('answers 503 while Redis is unreachable, and never prints its password', async () => {
      const password = 'Pw-0f-The-Sample-Redis';
      const url = `redis://:${password}@127.0.0.1:${await freePort()}`;
      const { printed, logger } = collectingLogger();
      const server = await serve(
        { DATABASE_URL: await database(), REDIS_URL: url, DB_TIMEOUT_MS: '500' },
        logger,
      );
      await server.database;
      const res = await guess(server);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ error: 'temporarily_unavailable' });
      expect(server.banner).toContain('redis://:***@127.0.0.1:');
      expect(server.banner).not.toContain(password);
      expect(printed.join('\n')).toMatch(/Brute-force counters unavailable/);
      expect(printed.join('\n')).not.toContain(password);
    });

    it('refuses a REDIS_URL that is not redis:// or rediss://', async () => {
      await expect(serve({ REDIS_URL: 'http://127.0.0.1:6379' })).rejects.toThrow('REDIS_URL');
    });
  });

  describe.each(['express', 'fastify'] as const)('the sign-in page on %s', (platform) => {
    const clientRedirect = 'https://client.example/cb';
    let client: string;
    const request = () => ({
      response_type: 'code',
      client_id: client,
      redirect_uri: clientRedirect,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const viaHttpsProxy = { 'X-Forwarded-Proto': 'https' };
    /** The app with TRUST_PROXY=`trustProxy` (unset when undefined), a client and a user of its own. */
    const serveWithProxy = async (trustProxy?: string) => {
      const server = await serve({
        DATABASE_URL: await database(),
        HTTP_ADAPTER: platform,
        ...(trustProxy !== undefined && { TRUST_PROXY: trustProxy }),
      });
      await server.database;
      const { client: registered } = await server.app.get(ClientRegistry).register({
        name: 'Proxy test client',
        redirectUris: [clientRedirect],
      });
      client = registered.clientId;
      await server.app.get(UsersService).create({
        username: 'proxied',
        email: 'proxied@example.com',
        password: 'proxied-password',
      });
      return server;
    };

    it('sends no X-Powered-By', async () => {
      const server = await serveWithProxy();
      const page = await openAuthorizePage(server.baseUrl, request());
      expect(page.status).toBe(200);
      expect(page.headers.get('x-powered-by')).toBeNull();
      const health = await fetch(`${server.baseUrl}/health`);
      expect(health.headers.get('x-powered-by')).toBeNull();
    });

    it('behind a trusted proxy, X-Forwarded-Proto https gets a __Host- Secure cookie the form then needs', async () => {
      const server = await serveWithProxy('loopback');
      const page = await openAuthorizePage(server.baseUrl, request(), viaHttpsProxy);
      const setCookie = page.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^__Host-sample_authorize_csrf=[\w-]{43}; /);
      expect(setCookie).toMatch(/; Path=\/;/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).not.toMatch(/Domain=/i);

      const plainName = page.cookie!.replace(/^__Host-/, '');
      const withoutPrefix = await submitConsent(
        server.baseUrl,
        { ...page, cookie: plainName },
        { username: 'proxied', password: 'proxied-password', decision: 'approve' },
        viaHttpsProxy,
      );
      expect(withoutPrefix.status).toBe(403);

      const fresh = await openAuthorizePage(server.baseUrl, request(), viaHttpsProxy);
      const res = await submitConsent(
        server.baseUrl,
        fresh,
        { username: 'proxied', password: 'proxied-password', decision: 'approve' },
        viaHttpsProxy,
      );
      expect(res.status).toBe(303);
      expect(res.headers.get('set-cookie')).toMatch(
        /^__Host-sample_authorize_csrf=; Path=\/; Max-Age=0;.*; Secure/,
      );
    });

    it.each([
      ['without TRUST_PROXY', undefined],
      ['from a peer TRUST_PROXY does not name', '10.1.2.3'],
    ])('%s, X-Forwarded-Proto is not believed: a plain cookie, not Secure', async (_n, trust) => {
      const server = await serveWithProxy(trust);
      const page = await openAuthorizePage(server.baseUrl, request(), viaHttpsProxy);
      const setCookie = page.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^sample_authorize_csrf=[\w-]{43}; Path=\/oauth2\/authorize;/);
      expect(setCookie).not.toMatch(/Secure/);
    });
  });
});

/** A Nest logger that keeps every line it is given, for checks of what the app printed. */
function collectingLogger(): { printed: string[]; logger: LoggerService } {
  const printed: string[] = [];
  const collect = (...parts: unknown[]) => void printed.push(parts.map(String).join(' '));
  return {
    printed,
    logger: {
      log: collect,
      error: collect,
      warn: collect,
      debug: collect,
      verbose: collect,
      fatal: collect,
    },
  };
}
