import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  ClientRegistry,
  CodeIssuer,
  MAC,
  OAuth2ResourceModule,
  OAuth2TokenModule,
} from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { INTROSPECT_PATH, REVOKE_PATH, registration } from '../endpoints/support/endpoints.js';
import {
  EmailApiController,
  MAC_HOST,
  MAC_PORT,
  MAC_TOKEN_PATH,
  macAuthorization,
  NotesApiController,
} from '../support/resource-app.js';
import { authenticatorProvider } from '../support/resource-owners.js';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { expectToken, s256 } from '../support/token-request.js';
import { CapturingLogger } from '../support/capturing-logger.js';

const REDIRECT_URI = 'https://client.example/cb';
const VERIFIER = 'a-code-verifier-that-is-long-enough-for-rfc-7636';
const ALL_GRANTS = ['authorization_code', 'refresh_token', 'client_credentials', 'password'];

describe('query logging on: no token, key, code or secret (nor its hash) reaches the TypeORM logger', () => {
  let t: TestApp;
  const logger = new CapturingLogger();
  /** Every secret the flows below handle: tokens, refresh tokens, codes, MAC keys, client secrets, a PKCE verifier. */
  const secrets = new Set<string>();
  const keep = (...values: unknown[]) => {
    for (const value of values) if (typeof value === 'string' && value) secrets.add(value);
  };

  beforeAll(async () => {
    t = await createTestApp(
      [
        registration({}, { providers: [authenticatorProvider] }),
        OAuth2TokenModule.forRoot({ path: MAC_TOKEN_PATH.slice(1), authenticationMethod: MAC }),
        {
          module: class ProtectedApiModule {},
          imports: [OAuth2ResourceModule.forRoot({ macHost: MAC_HOST, macPort: MAC_PORT })],
          controllers: [EmailApiController, NotesApiController],
        },
      ],
      { rawBody: true },
    );
    await t.app.listen(0, '127.0.0.1');
    await t.addScopes('email', 'profile');
    // From here on every statement is logged, each also as "slow" (any time exceeds -1 ms), as an app would log.
    t.dataSource.setOptions({ logging: 'all', logger, maxQueryExecutionTime: -1 });
  });
  afterAll(() => t.close());

  it('through every grant, the resource server, revocation, introspection and registration', async () => {
    const registry = t.app.get(ClientRegistry);
    const registered = await registry.register({
      name: 'logged client',
      redirectUris: [REDIRECT_URI],
      grantTypes: ALL_GRANTS,
      isResourceServer: true,
    });
    const chosen = await registry.register({
      name: 'chosen secret',
      clientId: 'chosen-client',
      secret: 'a chosen client secret, long enough to be accepted',
      grantTypes: ['client_credentials'],
    });
    // The same client_id again: the INSERT fails, and the failed statement is logged as well.
    await expect(
      registry.register({
        name: 'twin',
        clientId: 'chosen-client',
        secret: 'the twin secret, long enough to be accepted',
      }),
    ).rejects.toThrow();
    keep(
      registered.clientSecret,
      chosen.clientSecret,
      'the twin secret, long enough to be accepted',
      VERIFIER,
    );
    const auth = basic(registered.client.clientId, registered.clientSecret!);
    const token = async (form: Record<string, string>, path = '/oauth2/token', as = auth) => {
      const body = expectToken(
        await request(t.http).post(path).set('Authorization', as).type('form').send(form),
      );
      keep(body.access_token, body.refresh_token, body.mac_key);
      return body as typeof body & { mac_key?: string };
    };

    await token(
      { grant_type: 'client_credentials' },
      '/oauth2/token',
      basic('chosen-client', 'a chosen client secret, long enough to be accepted'),
    );
    await token({ grant_type: 'client_credentials', scope: 'email' });
    const password = await token({ grant_type: 'password', username: 'alice', password: 'wonder' });

    const code = await t.app.get(CodeIssuer).issue({
      clientId: registered.client.clientId,
      userId: 'user-alice',
      redirectUri: REDIRECT_URI,
      scope: 'email profile',
      codeChallenge: s256(VERIFIER),
      codeChallengeMethod: 'S256',
    });
    keep(code, s256(VERIFIER));
    const redeem = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: VERIFIER,
    };
    const fromCode = await token(redeem);
    // A replayed code fails and revokes what it gave.
    const replay = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', auth)
      .type('form')
      .send(redeem);
    expect(replay.status).toBe(400);

    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: password.refresh_token!,
    });
    // A replayed refresh token fails and revokes its family.
    const reused = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', auth)
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: password.refresh_token! });
    expect(reused.status).toBe(400);

    const bearer = await token({ grant_type: 'client_credentials', scope: 'email' });
    const guarded = await request(t.http)
      .get('/api/email')
      .set('Authorization', `Bearer ${bearer.access_token}`);
    expect(guarded.status).toBe(200);

    const mac = await token({ grant_type: 'client_credentials', scope: 'email' }, MAC_TOKEN_PATH);
    const issued = { ...mac, token_type: 'mac', receivedAt: Date.now() - 1000 };
    const macGet = await request(t.http)
      .get('/api/email')
      .set('Authorization', macAuthorization(issued, { method: 'GET', uri: '/api/email' }));
    expect(macGet.status).toBe(200);
    const body = '{"note":"hello"}';
    const macPost = await request(t.http)
      .post('/api/notes')
      .set('Authorization', macAuthorization(issued, { method: 'POST', uri: '/api/notes', body }))
      .set('Content-Type', 'application/json')
      .send(body);
    expect(macPost.status).toBe(200);

    const introspected = await request(t.http)
      .post(INTROSPECT_PATH)
      .set('Authorization', auth)
      .type('form')
      .send({ token: bearer.access_token });
    expect(introspected.body.active).toBe(true);
    for (const revoked of [refreshed.refresh_token!, fromCode.access_token, mac.access_token]) {
      const res = await request(t.http)
        .post(REVOKE_PATH)
        .set('Authorization', auth)
        .type('form')
        .send({ token: revoked });
      expect(res.status).toBe(200);
    }

    const log = logger.entries.join('\n');
    // The capture saw the library's statements: reads by hash, the token, code and client INSERTs, a failure.
    expect(log).toMatch(/INSERT INTO [^(]*oauth2_access_token/);
    expect(log).toMatch(/INSERT INTO [^(]*oauth2_code/);
    expect(log).toMatch(/INSERT INTO [^(]*oauth2_client/);
    expect(log).toMatch(/token_hash.? = /);
    expect(log).toMatch(/query-error/);
    expect(log).toMatch(/query-slow/);
    const found = [...secrets]
      .flatMap((secret) => [
        { what: 'secret', secret, at: log.indexOf(secret) },
        { what: 'hash', secret, at: log.indexOf(hashSecret(secret)) },
      ])
      .filter(({ at }) => at >= 0)
      .map(
        ({ what, secret, at }) =>
          `${what} of ${secret.slice(0, 6)}…: ${log.slice(Math.max(0, at - 80), at)}`,
      );
    expect(found).toEqual([]);
  });
});
