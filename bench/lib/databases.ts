import Database from 'better-sqlite3';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../sample-app/database/database-options.js';
import { SAMPLE_APP_MIGRATIONS } from '../../sample-app/migrations/index.js';
import { DEMO_CLIENT, DEMO_SCOPES, DEMO_USER } from '../../sample-app/seed/demo-data.js';
import { hashPassword } from '../../sample-app/users/password-hash.js';

/** The bench's databases: `sqlite` files in a temporary folder, or `postgres` databases it creates and drops. */
export type BenchDb = 'sqlite' | 'postgres';

/** The demo user's id in every bench database. */
export const BENCH_USER_ID = '00000000-0000-4000-8000-000000000001';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url');
let passwordHash: Promise<string> | undefined;

/** PostgreSQL database names of this run start with this prefix; `dropBenchDatabases` drops them all. */
const PG_PREFIX = 'oauth2_bench_';

/**
 * A fresh database named `name`, with the sample app's schema (migrations) and its demo data: scopes, the demo user
 * (scrypt password) and the demo client. Returns its URL.
 */
export async function createBenchDatabase(
  db: BenchDb,
  name: string,
  where: { dir: string; pgUrl: string },
): Promise<string> {
  const url =
    db === 'sqlite'
      ? `sqlite:${join(where.dir, `${name}.sqlite`)}`
      : await createPgDatabase(where.pgUrl, `${PG_PREFIX}${name}`);
  const dataSource = new DataSource({
    ...databaseOptions(url),
    migrations: SAMPLE_APP_MIGRATIONS,
    logging: false,
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    await seedDemo(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return url;
}

async function seedDemo(dataSource: DataSource): Promise<void> {
  const p = dataSource.options.type === 'postgres' ? (n: number) => `$${n}` : () => '?';
  const marks = (n: number) => Array.from({ length: n }, (_, i) => p(i + 1)).join(', ');
  for (const scope of DEMO_SCOPES) {
    await dataSource.query(
      `INSERT INTO oauth2_access_range (key, description) VALUES (${marks(2)})`,
      [scope.key, scope.description],
    );
  }
  passwordHash ??= hashPassword(DEMO_USER.password);
  await dataSource.query(
    `INSERT INTO sample_user (id, username, email, first_name, last_name, password_hash, is_active) VALUES (${marks(7)})`,
    [
      BENCH_USER_ID,
      DEMO_USER.username,
      DEMO_USER.email,
      DEMO_USER.firstName,
      DEMO_USER.lastName,
      await passwordHash,
      true,
    ],
  );
  await dataSource.query(
    `INSERT INTO oauth2_client (client_id, secret_hash, name, owner_id, redirect_uris, grant_types, is_public, is_resource_server, created_at) VALUES (${marks(9)})`,
    [
      DEMO_CLIENT.clientId,
      sha256(DEMO_CLIENT.secret),
      DEMO_CLIENT.name,
      BENCH_USER_ID,
      JSON.stringify([DEMO_CLIENT.redirectUri]),
      JSON.stringify(DEMO_CLIENT.grantTypes),
      false,
      false,
      Math.floor(Date.now() / 1000),
    ],
  );
}

async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createPgDatabase(adminUrl: string, database: string): Promise<string> {
  await withPg(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops every PostgreSQL database the bench created (this run's or a crashed one's). */
export async function dropBenchDatabases(adminUrl: string): Promise<void> {
  await withPg(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${PG_PREFIX}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}

/** Whether PostgreSQL answers at `url`. */
export async function postgresAvailable(url: string): Promise<boolean> {
  try {
    await withPg(url, (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** What a pre-issued credential is: a refresh token of a token row, or an authorization code. */
export type PoolKind = 'refresh_token' | 'authorization_code';

/**
 * Stores `count` new refresh tokens (each a token row of the demo client and user, scope `email`) or authorization
 * codes (redirect URI of the demo client, no PKCE), and returns their values, each to be used once.
 */
export async function seedPool(url: string, kind: PoolKind, count: number): Promise<string[]> {
  const now = Math.floor(Date.now() / 1000);
  const values = Array.from({ length: count }, () => randomBytes(24).toString('base64url'));
  const rows =
    kind === 'refresh_token'
      ? {
          table: 'oauth2_access_token',
          columns: [
            'token_hash',
            'refresh_token_hash',
            'token_type',
            'client_id',
            'user_id',
            'scope',
            'refresh_scope',
            'issued_at',
            'expires_at',
            'refresh_expires_at',
            'refreshable',
            'family_id',
          ],
          row: (value: string) => [
            sha256(`access ${value}`),
            sha256(value),
            'bearer',
            DEMO_CLIENT.clientId,
            BENCH_USER_ID,
            'email',
            'email',
            now,
            now + 3600,
            now + 86_400,
            true,
            randomUUID(),
          ],
        }
      : {
          table: 'oauth2_code',
          columns: [
            'code_hash',
            'client_id',
            'user_id',
            'redirect_uri',
            'scope',
            'issued_at',
            'expires_at',
          ],
          row: (value: string) => [
            sha256(value),
            DEMO_CLIENT.clientId,
            BENCH_USER_ID,
            DEMO_CLIENT.redirectUri,
            'email',
            now,
            now + 3600,
          ],
        };
  const list = rows.columns.join(', ');
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length));
    try {
      const marks = rows.columns.map(() => '?').join(', ');
      const insert = db.prepare(`INSERT INTO ${rows.table} (${list}) VALUES (${marks})`);
      db.transaction(() => {
        for (const value of values) {
          insert.run(...rows.row(value).map((v) => (v === true ? 1 : v)));
        }
      })();
    } finally {
      db.close();
    }
    return values;
  }
  await withPg(url, async (client) => {
    const casts = rows
      .row(values[0])
      .map((v) =>
        typeof v === 'number' ? 'bigint[]' : typeof v === 'boolean' ? 'boolean[]' : 'text[]',
      );
    const unnest = casts.map((cast, i) => `$${i + 1}::${cast}`).join(', ');
    for (let at = 0; at < values.length; at += 5000) {
      const batch = values.slice(at, at + 5000).map(rows.row);
      const columns = casts.map((_, i) => batch.map((row) => row[i]));
      await client.query(
        `INSERT INTO ${rows.table} (${list}) SELECT * FROM unnest(${unnest})`,
        columns,
      );
    }
  });
  return values;
}
