import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccessRange, Client } from 'nestjs-oauth2-token';
import { CliUsageError } from '../sample-app/cli/cli-command.js';
import { runCli } from '../sample-app/cli/run-cli.js';
import { createSampleApp } from '../sample-app/sample-app.factory.js';
import { DemoSeeder } from '../sample-app/seed/demo-seeder.js';
import { User } from '../sample-app/users/user.entity.js';

const dir = mkdtempSync(join(tmpdir(), 'oauth2-sample-app-'));
/** A P-256 public key's coordinates (any valid point serves: only registration is checked here). */
const EC_X = 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU';
const EC_Y = 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0';
const env = { DATABASE_URL: `sqlite:${join(dir, 'oauth2.sqlite')}` };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const BASE_URL = 'http://127.0.0.1:3000';
const REDIRECT_URI = `${BASE_URL}/callback`;

describe('sample app (SQLite file, HTTP and CLI on the same database)', () => {
  let app: INestApplication;
  const token = (path: string, form: Record<string, string>, auth = true) => {
    const req = request(app.getHttpServer()).post(path).type('form');
    return (auth ? req.auth('demo-client', 'demo-secret-for-the-sample-app-only') : req).send(form);
  };
  const password = (path: string, username: string, secret: string) =>
    token(path, { grant_type: 'password', username, password: secret });

  beforeAll(async () => {
    app = await createSampleApp(env.DATABASE_URL, false);
    await app.get(DemoSeeder).seed(BASE_URL);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds the demo scopes, user and client once', async () => {
    const dataSource = app.get(DataSource);
    const count = () =>
      Promise.all(
        [AccessRange, User, Client].map((entity) => dataSource.getRepository(entity).count()),
      );
    const before = await count();
    expect(before).toEqual([3, 1, 1]);
    await expect(app.get(DemoSeeder).seed(BASE_URL)).resolves.toBe(false);
    expect(await count()).toEqual(before);
    const client = await dataSource
      .getRepository(Client)
      .findOneByOrFail({ clientId: 'demo-client' });
    const demo = await dataSource.getRepository(User).findOneByOrFail({ username: 'demo' });
    expect(client).toMatchObject({
      name: 'Demo client',
      ownerId: demo.id,
      redirectUris: [REDIRECT_URI],
    });
    expect([...client.grantTypes].sort()).toEqual([
      'authorization_code',
      'client_credentials',
      'password',
      'refresh_token',
    ]);
  });

  it('issues a refreshable bearer token on /oauth2/token to the demo user', async () => {
    const res = await password('/oauth2/token', 'demo', 'demo-password').expect(200);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(res.body).not.toHaveProperty('mac_key');
    expect(typeof res.body.refresh_token).toBe('string');
    const refreshed = await token('/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: res.body.refresh_token,
    }).expect(200);
    expect(refreshed.body.token_type).toBe('bearer');
  });

  it('issues a MAC token without refresh token on /token to the demo user', async () => {
    const res = await password('/token', 'demo@example.com', 'demo-password').expect(200);
    expect(res.body).toMatchObject({ token_type: 'mac', mac_algorithm: 'hmac-sha-256' });
    expect(typeof res.body.mac_key).toBe('string');
    expect(res.body).not.toHaveProperty('refresh_token');
  });

  it('answers invalid_grant for a wrong password, an unknown user and an inactive user', async () => {
    await runCli(
      [
        'user:create',
        '--username',
        'sleepy',
        '--email',
        's@example.com',
        '--password',
        'pw',
        '--inactive',
      ],
      env,
    );
    for (const path of ['/oauth2/token', '/token']) {
      for (const [username, secret] of [
        ['demo', 'nope'],
        ['ghost', 'pw'],
        ['sleepy', 'pw'],
      ]) {
        const res = await password(path, username, secret).expect(400);
        expect(res.body.error).toBe('invalid_grant');
      }
    }
  });

  it('scope:create and user:create answer their JSON shapes', async () => {
    await expect(
      runCli(['scope:create', '--key', 'profile', '--description', 'Profile'], env),
    ).resolves.toEqual({
      key: 'profile',
    });
    await expect(runCli(['scope:create', '--key', 'profile'], env)).rejects.toThrow(
      'already exists',
    );
    const user = await runCli(
      ['user:create', '--username', 'alice', '--email', 'alice@example.com', '--password', 'pa ss'],
      env,
    );
    expect(user).toEqual({ id: expect.stringMatching(UUID), username: 'alice' });
    await expect(password('/oauth2/token', 'alice', 'pa ss').expect(200)).resolves.toBeDefined();
  });

  it('client:create answers client_id and client_secret (null for a public client)', async () => {
    const secret = 'p@ss word:%+&= then thirty-two characters';
    const confidential = await runCli(
      ['client:create', '--name', 'CLI', '--secret', secret, '--grant-types', 'client_credentials'],
      env,
    );
    expect(confidential).toEqual({ client_id: expect.any(String), client_secret: secret });
    const res = await token(
      '/oauth2/token',
      {
        grant_type: 'client_credentials',
        client_id: String(confidential.client_id),
        client_secret: secret,
      },
      false,
    ).expect(200);
    expect(res.body.token_type).toBe('bearer');

    const generated = await runCli(['client:create', '--name', 'Defaults', '--owner', 'demo'], env);
    expect(generated).toEqual({ client_id: expect.any(String), client_secret: expect.any(String) });
    const row = await app
      .get(DataSource)
      .getRepository(Client)
      .findOneByOrFail({
        clientId: String(generated.client_id),
      });
    expect(row.grantTypes).toEqual(['authorization_code', 'refresh_token', 'client_credentials']);
    expect(row.resources).toBeNull();

    const scoped = await runCli(
      [
        'client:create',
        '--name',
        'Orders',
        '--resource',
        'https://orders.example',
        '--resource',
        'urn:billing',
      ],
      env,
    );
    const scopedRow = await app
      .get(DataSource)
      .getRepository(Client)
      .findOneByOrFail({ clientId: String(scoped.client_id) });
    expect(scopedRow.resources).toEqual(['https://orders.example', 'urn:billing']);

    const pub = await runCli(
      ['client:create', '--name', 'SPA', '--public', '--redirect-uri', REDIRECT_URI],
      env,
    );
    expect(pub).toEqual({ client_id: expect.any(String), client_secret: null });
  });

  it('client:create --auth-method private_key_jwt --jwks registers a key client without a secret', async () => {
    const jwk = { kty: 'EC', crv: 'P-256', x: EC_X, y: EC_Y, kid: 'cli-key', use: 'sig' };
    const created = await runCli(
      [
        'client:create',
        '--name',
        'Key client',
        '--grant-types',
        'client_credentials',
        '--auth-method',
        'private_key_jwt',
        '--jwks',
        JSON.stringify({ keys: [jwk] }),
      ],
      env,
    );
    expect(created).toEqual({ client_id: expect.any(String), client_secret: null });
    const row = await app
      .get(DataSource)
      .getRepository(Client)
      .findOneByOrFail({ clientId: String(created.client_id) });
    expect({
      method: row.tokenEndpointAuthMethod,
      jwks: row.jwks,
      secretHash: row.secretHash,
    }).toEqual({ method: 'private_key_jwt', jwks: { keys: [jwk] }, secretHash: null });

    const byUri = await runCli(
      [
        'client:create',
        '--name',
        'Key URL client',
        '--auth-method',
        'private_key_jwt',
        '--jwks-uri',
        'https://client.example/jwks.json',
      ],
      env,
    );
    const uriRow = await app
      .get(DataSource)
      .getRepository(Client)
      .findOneByOrFail({ clientId: String(byUri.client_id) });
    expect(uriRow.jwksUri).toBe('https://client.example/jwks.json');
  });

  it('code:issue answers a code that the token endpoints redeem, with and without PKCE', async () => {
    const issue = (...extra: string[]) =>
      runCli(
        [
          'code:issue',
          '--client-id',
          'demo-client',
          '--username',
          'demo',
          '--redirect-uri',
          REDIRECT_URI,
          ...extra,
        ],
        env,
      );
    const plain = await issue('--scope', 'email first_name');
    expect(plain).toEqual({ code: expect.any(String) });
    const res = await token('/oauth2/token', {
      grant_type: 'authorization_code',
      code: String(plain.code),
      redirect_uri: REDIRECT_URI,
    }).expect(200);
    expect(res.body).toMatchObject({ token_type: 'bearer', scope: 'email first_name' });

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    // The `=` form: a base64url challenge may start with "-", which parseArgs would take for an option.
    const pkce = await issue(
      `--code-challenge=${challenge}`,
      '--code-challenge-method',
      'S256',
      '--expires-in',
      '60',
    );
    const mac = await token('/token', {
      grant_type: 'authorization_code',
      code: String(pkce.code),
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    }).expect(200);
    expect(mac.body.token_type).toBe('mac');
  });

  it.each([
    [[]],
    [['nope']],
    [['scope:create']],
    [['scope:create', '--key', 'a b']],
    [['scope:create', '--key', 'k', 'extra']],
    [['user:create', '--username', 'u', '--email', 'u@example.com', '--password', 'p', '--admin']],
    [['client:create', '--name', 'x', '--grant-types', 'implicit']],
    [['client:create', '--name', 'x', '--public', '--secret', 's']],
    [['client:create', '--name', 'x', '--auth-method', 'private_key_jwt']],
    [['client:create', '--name', 'x', '--jwks-uri', 'https://c.example/k']],
    [['client:create', '--name', 'x', '--auth-method', 'private_key_jwt', '--jwks', '{nope']],
    [['code:issue', '--client-id', 'demo-client', '--username', 'demo']],
    [
      [
        'code:issue',
        '--client-id',
        'c',
        '--username',
        'u',
        '--redirect-uri',
        'x',
        '--expires-in',
        '0',
      ],
    ],
  ])('rejects bad arguments %j before opening the database', async (argv) => {
    await expect(runCli(argv, { DATABASE_URL: 'nowhere:' })).rejects.toBeInstanceOf(CliUsageError);
  });

  it.each([
    ['--secret', 'short-secret', /--secret: .*at least 32 characters/],
    ['--redirect-uri', 'javascript:alert(1)//', /must not use the javascript: scheme/],
    [
      '--redirect-uri',
      'http://client.example/cb',
      /must use https, or http only on a loopback host/,
    ],
    ['--redirect-uri', 'https://client.example/cb#top', /must not have a fragment/],
    ['--resource', 'orders', /--resource orders: .*absolute URI \(RFC 8707/],
    ['--auth-method', 'client_secret_jwt', /SHA-256 hashes, which cannot check an HMAC/],
  ])(
    'client:create %s %s: a usage error naming the registration rule',
    async (flag, value, rule) => {
      const refusal = runCli(['client:create', '--name', 'x', flag, value], {
        DATABASE_URL: 'nowhere:',
      });
      await expect(refusal).rejects.toBeInstanceOf(CliUsageError);
      await expect(refusal).rejects.toThrow(rule);
    },
  );

  it('fails with a plain error when the work fails, and writes nothing to stdout', async () => {
    const write = jest.spyOn(process.stdout, 'write');
    try {
      await expect(
        runCli(
          [
            'code:issue',
            '--client-id',
            'nope',
            '--username',
            'demo',
            '--redirect-uri',
            REDIRECT_URI,
          ],
          env,
        ),
      ).rejects.toThrow('Unknown client');
      await runCli(['scope:create', '--key', 'quiet'], env);
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });

  describeIfBuilt('the built CLI as a child process', () => {
    it('prints exactly one JSON object on stdout, or a message on stderr and a non-zero exit', async () => {
      const ok = await runBuiltCli(['scope:create', '--key', 'child']);
      expect(ok).toMatchObject({ code: 0, stdout: '{"key":"child"}\n' });
      const bad = await runBuiltCli(['scope:create', '--bogus']);
      expect(bad).toMatchObject({ code: 2, stdout: '' });
      expect(bad.stderr).toContain("Unknown option '--bogus'");
    });
  });
});

/** Runs `node dist/sample-app/cli.js` on the test database. */
function runBuiltCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/sample-app/cli.js', ...argv],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/**
 * The child-process test needs a build newer than every source file, otherwise it is skipped. The incremental build
 * rewrites only the outputs that change, so its build-info file stamps when the whole of dist was last brought up to
 * date.
 */
function describeIfBuilt(name: string, body: () => void): void {
  const cli = modifiedAt('dist/sample-app/cli.js');
  const built = cli && Math.max(cli, modifiedAt('dist/tsconfig.build.tsbuildinfo'));
  const sources = Math.max(...['src', 'sample-app'].flatMap((root) => sourceTimes(root)));
  (built > sources ? describe : describe.skip)(name, body);
}

function sourceTimes(root: string): number[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => modifiedAt(join(root, file)));
}

function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
