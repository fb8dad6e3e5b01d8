import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { ClientKeySets, REMOTE_JWKS_POLICY } from '../../src/domain/client-key-sets.js';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, TOKEN_PATH } from '../support/token-request.js';
import {
  JWT_BEARER,
  clientKey,
  signAssertion,
  type ClientKey,
} from './support/client-assertions.js';

const ISSUER = 'https://as.example.test';
const COOLDOWN_MS = 300;

/** The module's key sets with a short refetch cooldown, so a test can wait it out. */
class ShortCooldownKeySets extends ClientKeySets {
  protected override readonly policy = { ...REMOTE_JWKS_POLICY, cooldownMs: COOLDOWN_MS };
}

/** A loopback JWK Set server: each path answers as `routes` says, and every request is counted per path. */
class JwksServer {
  readonly hits = new Map<string, number>();
  private server!: Server;
  constructor(
    private readonly routes: Record<
      string,
      () => { body: string; delayMs?: number; chunked?: boolean }
    >,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.hits.set(req.url!, (this.hits.get(req.url!) ?? 0) + 1);
      const route = this.routes[req.url!];
      if (!route) return void res.writeHead(404).end();
      const { body, delayMs = 0, chunked = false } = route();
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        // Chunked: no Content-Length, so only counting the bytes read can bound the body.
        if (chunked) for (let i = 0; i < body.length; i += 8192) res.write(body.slice(i, i + 8192));
        res.end(chunked ? undefined : body);
      }, delayMs);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('private_key_jwt with a jwks_uri (fetched, bounded, cached)', () => {
  let t: E2eApp;
  let first: ClientKey;
  let rotated: ClientKey;
  let served: ClientKey[];
  const server = new JwksServer({
    '/keys': () => ({ body: JSON.stringify({ keys: served.map((key) => key.publicJwk) }) }),
    '/rotating': () => ({ body: JSON.stringify({ keys: served.map((key) => key.publicJwk) }) }),
    '/huge': () => ({
      body: JSON.stringify({ keys: [first.publicJwk], padding: 'x'.repeat(70 * 1024) }),
    }),
    '/huge-chunked': () => ({
      body: JSON.stringify({ keys: [first.publicJwk], padding: 'x'.repeat(70 * 1024) }),
      chunked: true,
    }),
    '/slow': () => ({ body: JSON.stringify({ keys: [first.publicJwk] }), delayMs: 4000 }),
    '/not-json': () => ({ body: '<html>' }),
  });

  const register = (path: string) =>
    t.addClient({
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwksUri: server.url(path),
    });
  const post = async (key: ClientKey, clientId: string) =>
    request(t.http)
      .post(TOKEN_PATH)
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_assertion_type: JWT_BEARER,
        client_assertion: await signAssertion(key, clientId, ISSUER),
      });

  beforeAll(async () => {
    first = await clientKey();
    rotated = await clientKey();
    served = [first];
    await server.start();
    t = await startE2eApp(
      [OAuth2TokenModule.forRoot({ issuer: ISSUER, bruteForceLimits: false })],
      (builder) => builder.overrideProvider(ClientKeySets).useClass(ShortCooldownKeySets),
    );
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  it('fetches the set once and serves later assertions from the cache', async () => {
    const { clientId } = await register('/keys');
    for (let i = 0; i < 3; i++) expectToken(await post(first, clientId));
    expect(server.hits.get('/keys')).toBe(1);
  });

  it('refetches on an unknown kid (a rotated key), at most once per cooldown', async () => {
    const { clientId } = await register('/rotating');
    expectToken(await post(first, clientId));
    served = [first, rotated];
    // Just fetched, so within the cooldown: the rotated key is not looked for yet.
    expectOAuthError(await post(rotated, clientId), 'invalid_client', 401);
    expect(server.hits.get('/rotating')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 50));
    expectToken(await post(rotated, clientId));
    expect(server.hits.get('/rotating')).toBe(2);
    const unknown = await clientKey();
    expectOAuthError(await post(unknown, clientId), 'invalid_client', 401);
    expectOAuthError(await post(unknown, clientId), 'invalid_client', 401);
    expect(server.hits.get('/rotating')).toBe(2);
  });

  it('refuses a set larger than 64 KiB, a slow server (3 s timeout) and a body that is no JWK Set', async () => {
    for (const path of ['/huge', '/huge-chunked', '/slow', '/not-json', '/missing']) {
      const { clientId } = await register(path);
      expectOAuthError(await post(first, clientId), 'invalid_client', 401);
    }
  }, 15_000);

  it('registration refuses a jwks_uri that is not https (outside loopback), or has a fragment', async () => {
    for (const jwksUri of [
      'http://keys.example.test/jwks',
      'https://keys.example.test/jwks#x',
      'ftp://x/y',
    ]) {
      await expect(
        t.addClient({ tokenEndpointAuthMethod: 'private_key_jwt', jwksUri }),
      ).rejects.toThrow(/jwks_uri/);
    }
  });
});
