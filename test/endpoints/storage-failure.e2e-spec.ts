import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { AccessRange, ClientRegistry, CodeIssuer } from 'nestjs-oauth2-token';
import { DataSource } from 'typeorm';
import { prepareTestDatabase, testDatabaseOptions } from '../support/database.js';
import type { E2eApp, TestClient } from '../support/e2e-app.js';
import { expectOAuthError } from '../support/token-request.js';
import {
  INTROSPECT_PATH,
  REDIRECT_URI,
  REVOKE_PATH,
  codeTokens,
  introspect,
  postForm,
  registration,
} from './support/endpoints.js';

/** How long the app waits on a locked table before giving up (SQLite busy timeout, PostgreSQL lock_timeout). */
const LOCK_WAIT_MS = 300;
const postgres = testDatabaseOptions().type === 'postgres';

/**
 * Another session takes the token table away from the app, as a long migration, a backup or a stuck transaction
 * would: SQLite `BEGIN EXCLUSIVE` on the same file, PostgreSQL `LOCK TABLE ... ACCESS EXCLUSIVE`.
 */
interface TableLock {
  take(): Promise<void>;
  release(): Promise<void>;
  close(): Promise<void>;
}

async function databaseFor(): Promise<{
  options: TypeOrmModuleOptions;
  lock: () => Promise<TableLock>;
  cleanup: () => void;
}> {
  if (postgres) {
    const options = (await prepareTestDatabase()) as TypeOrmModuleOptions & {
      url: string;
      schema: string;
    };
    return {
      options: { ...options, extra: { lock_timeout: LOCK_WAIT_MS } },
      lock: async () => {
        const client = new pg.Client({ connectionString: options.url });
        await client.connect();
        return {
          take: async () => {
            await client.query('BEGIN');
            await client.query(
              `LOCK TABLE "${options.schema}"."oauth2_access_token" IN ACCESS EXCLUSIVE MODE`,
            );
          },
          release: async () => void (await client.query('ROLLBACK')),
          close: () => client.end(),
        };
      },
      cleanup: () => undefined,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'oauth2-storage-failure-'));
  const file = join(dir, 'oauth2.sqlite');
  return {
    options: {
      type: 'better-sqlite3',
      database: file,
      timeout: LOCK_WAIT_MS,
      autoLoadEntities: true,
      synchronize: true,
    },
    lock: async () => {
      const other = new Database(file, { timeout: 5000 });
      return {
        take: async () => void other.exec('BEGIN EXCLUSIVE'),
        release: async () => void other.exec('ROLLBACK'),
        close: async () => void other.close(),
      };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('revocation and introspection when storage fails: 503, never a 200 that did nothing', () => {
  let app: INestApplication;
  let t: E2eApp;
  let client: TestClient;
  let lock: TableLock;
  let cleanup: () => void;

  beforeAll(async () => {
    const database = await databaseFor();
    cleanup = database.cleanup;
    const moduleRef = await Test.createTestingModule({
      imports: [TypeOrmModule.forRoot({ ...database.options, retryAttempts: 0 }), registration()],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useLogger(false);
    await app.listen(0, '127.0.0.1');
    const dataSource = app.get(DataSource);
    await dataSource.getRepository(AccessRange).save({ key: 'email', description: null });
    const registered = await app
      .get(ClientRegistry)
      .register({ name: 'storage', redirectUris: [REDIRECT_URI] });
    client = { clientId: registered.client.clientId, clientSecret: registered.clientSecret! };
    t = {
      app,
      http: app.getHttpServer(),
      dataSource,
      issueCode: (req) => app.get(CodeIssuer).issue(req),
    } as E2eApp;
    lock = await database.lock();
  });
  afterEach(() => lock.release().catch(() => undefined));
  afterAll(async () => {
    await lock?.close();
    const schema = (t?.dataSource.options as { schema?: string } | undefined)?.schema;
    if (schema && t.dataSource.isInitialized) {
      await t.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
    await app?.close();
    cleanup?.();
  });

  it('revoking while the token table is locked: 503 temporarily_unavailable, and the token is still valid after', async () => {
    const tokens = await codeTokens(t, client);
    await lock.take();
    const res = await postForm(t, REVOKE_PATH, { token: tokens.refresh_token }, client);
    expectOAuthError(res, 'temporarily_unavailable', 503);
    expect(res.headers['retry-after']).toBe('1');
    await lock.release();

    expect(await introspect(t, tokens.access_token, client)).toMatchObject({ active: true });
    const again = await postForm(t, REVOKE_PATH, { token: tokens.refresh_token }, client);
    expect(again.status).toBe(200);
    expect(await introspect(t, tokens.access_token, client)).toEqual({ active: false });
  });

  it('introspecting while the token table is locked: 503, not {"active": false}', async () => {
    const tokens = await codeTokens(t, client);
    await lock.take();
    const res = await postForm(t, INTROSPECT_PATH, { token: tokens.access_token }, client);
    expectOAuthError(res, 'temporarily_unavailable', 503);
    await lock.release();
    expect(await introspect(t, tokens.access_token, client)).toMatchObject({ active: true });
  });

  it('once the DataSource is closed (the app is going down): 503, never 200', async () => {
    const tokens = await codeTokens(t, client);
    await lock.close();
    lock = {
      take: async () => undefined,
      release: async () => undefined,
      close: async () => undefined,
    };
    const schema = (t.dataSource.options as { schema?: string }).schema;
    if (schema) await t.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await t.dataSource.destroy();
    const res = await request(t.http)
      .post(REVOKE_PATH)
      .auth(client.clientId, client.clientSecret)
      .type('form')
      .send({ token: tokens.access_token });
    expect(res.status).not.toBe(200);
    expectOAuthError(res, 'temporarily_unavailable', 503);
  });
});
