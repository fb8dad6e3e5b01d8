import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AccessRange, ClientRegistry, type ClientRegistration } from 'nestjs-oauth2-token';
import { DataSource } from 'typeorm';
import { createSampleApp } from '../../../sample-app/sample-app.factory.js';
import { DemoSeeder } from '../../../sample-app/seed/demo-seeder.js';
import { UsersService } from '../../../sample-app/users/users.service.js';

/** The sample app listening on 127.0.0.1, its issuer `http://127.0.0.1:<port>`, on a database of its own. */
export interface SampleServer {
  app: INestApplication;
  /** `http://127.0.0.1:<port>`: the base URL and the issuer identifier. */
  baseUrl: string;
  dataSource: DataSource;
  /** Registers a client (the secret is returned once; '' for a public client). */
  addClient(
    registration: Partial<ClientRegistration>,
  ): Promise<{ clientId: string; clientSecret: string }>;
  /** Creates a sample user; resolves its id. */
  addUser(username: string, password: string, isActive?: boolean): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the sample app as `npm start` does, but on a free port of 127.0.0.1 and a throwaway database: a SQLite
 * file in a temp folder, or a fresh PostgreSQL database when TEST_DATABASE_URL is a postgres:// URL (dropped on
 * close). The demo data is seeded.
 */
export async function startSampleServer(): Promise<SampleServer> {
  const database = await throwawayDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let app: INestApplication | undefined;
  try {
    app = await createSampleApp(database.url, false, undefined, { issuer: baseUrl });
    await app.get(DemoSeeder).seed(baseUrl);
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.drop();
    throw error;
  }
  const started = app;
  return {
    app: started,
    baseUrl,
    dataSource: started.get(DataSource),
    async addClient(registration) {
      const { client, clientSecret } = await started
        .get(ClientRegistry)
        .register({ name: 'interop client', ...registration });
      return { clientId: client.clientId, clientSecret: clientSecret ?? '' };
    },
    async addUser(username, password, isActive = true) {
      const user = await started
        .get(UsersService)
        .create({ username, email: `${username}@example.com`, password, isActive });
      return user.id;
    },
    async close() {
      await started.close();
      await database.drop();
    },
  };
}

/** Adds scopes to the sample's registry (it seeds email, first_name and last_name). */
export async function addScopes(server: SampleServer, ...keys: string[]): Promise<void> {
  await server.dataSource
    .getRepository(AccessRange)
    .save(keys.map((key) => ({ key, description: null })));
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A database of its own for one sample app: a SQLite file in a temp folder, or a fresh PostgreSQL database when
 * TEST_DATABASE_URL is a postgres:// URL; `drop` removes it.
 */
export async function throwawayDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const testUrl = process.env.TEST_DATABASE_URL;
  if (testUrl?.startsWith('postgres')) {
    const name = `sample_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: testUrl });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE DATABASE "${name}"`);
    const url = new URL(testUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'oauth2-sample-server-'));
  return {
    url: `sqlite:${join(dir, 'oauth2.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
