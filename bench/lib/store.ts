import Database from 'better-sqlite3';
import pg from 'pg';

/** The columns of a client the baselines read. */
export interface ClientRow {
  clientId: string;
  secretHash: string | null;
  ownerId: string | null;
  grantTypes: string[];
  isPublic: boolean;
}

/** A new row of `oauth2_access_token`, as the module writes it. */
export interface NewToken {
  tokenHash: string;
  refreshTokenHash: string | null;
  clientId: string;
  userId: string | null;
  scope: string;
  refreshScope: string | null;
  issuedAt: number;
  expiresAt: number;
  refreshExpiresAt: number | null;
  refreshable: boolean;
  familyId: string;
  codeId: number | null;
}

/** A stored refresh token. */
export interface RefreshRow {
  id: number;
  clientId: string;
  userId: string | null;
  scope: string;
  refreshScope: string | null;
  refreshExpiresAt: number | null;
  rotatedAt: number | null;
  revokedAt: number | null;
  familyId: string;
  codeId: number | null;
}

/** A stored authorization code. */
export interface CodeRow {
  id: number;
  clientId: string;
  userId: string | null;
  redirectUri: string | null;
  scope: string;
  expiresAt: number;
  consumedAt: number | null;
}

/** A sample-app user. */
export interface UserRow {
  id: string;
  passwordHash: string;
  isActive: boolean;
}

/** The statements the hand-written baselines run, on the module's own tables; every write is one transaction. */
export interface TokenStore {
  findClient(clientId: string): Promise<ClientRow | undefined>;
  countScopes(keys: string[]): Promise<number>;
  insertToken(token: NewToken): Promise<void>;
  findRefreshToken(hash: string): Promise<RefreshRow | undefined>;
  /** Marks the refresh token rotated (if it still is not) and stores the new token; false when it lost a race. */
  rotateAndInsert(id: number, now: number, token: NewToken): Promise<boolean>;
  findCode(hash: string): Promise<CodeRow | undefined>;
  /** Marks the code consumed (if it still is not) and stores the token; false when it lost a race. */
  consumeAndInsert(id: number, now: number, token: NewToken): Promise<boolean>;
  findUser(login: string): Promise<UserRow | undefined>;
  /** Only the rotation of `rotateAndInsert`, for a server that stores the new token separately. */
  rotate(id: number, now: number): Promise<boolean>;
  /** Only the consumption of `consumeAndInsert`, for a server that stores the token separately. */
  consume(id: number, now: number): Promise<boolean>;
  close(): Promise<void>;
}

const TOKEN_COLUMNS =
  'token_hash, refresh_token_hash, token_type, client_id, user_id, scope, refresh_scope, issued_at, expires_at, ' +
  'refresh_expires_at, refreshable, family_id, code_id';

function tokenValues(t: NewToken): unknown[] {
  return [
    t.tokenHash,
    t.refreshTokenHash,
    'bearer',
    t.clientId,
    t.userId,
    t.scope,
    t.refreshScope,
    t.issuedAt,
    t.expiresAt,
    t.refreshExpiresAt,
    t.refreshable,
    t.familyId,
    t.codeId,
  ];
}

interface RawClient {
  client_id: string;
  secret_hash: string | null;
  owner_id: string | null;
  grant_types: string;
  is_public: number | boolean;
}

function clientRow(row: RawClient | undefined): ClientRow | undefined {
  return (
    row && {
      clientId: row.client_id,
      secretHash: row.secret_hash,
      ownerId: row.owner_id,
      grantTypes: JSON.parse(row.grant_types) as string[],
      isPublic: Boolean(row.is_public),
    }
  );
}

const num = (value: unknown) => (value === null ? null : Number(value));

function refreshRow(row: Record<string, unknown> | undefined): RefreshRow | undefined {
  return (
    row && {
      id: Number(row.id),
      clientId: row.client_id as string,
      userId: row.user_id as string | null,
      scope: row.scope as string,
      refreshScope: row.refresh_scope as string | null,
      refreshExpiresAt: num(row.refresh_expires_at),
      rotatedAt: num(row.rotated_at),
      revokedAt: num(row.revoked_at),
      familyId: row.family_id as string,
      codeId: num(row.code_id),
    }
  );
}

function codeRow(row: Record<string, unknown> | undefined): CodeRow | undefined {
  return (
    row && {
      id: Number(row.id),
      clientId: row.client_id as string,
      userId: row.user_id as string | null,
      redirectUri: row.redirect_uri as string | null,
      scope: row.scope as string,
      expiresAt: Number(row.expires_at),
      consumedAt: num(row.consumed_at),
    }
  );
}

function userRow(row: Record<string, unknown> | undefined): UserRow | undefined {
  return (
    row && {
      id: row.id as string,
      passwordHash: row.password_hash as string,
      isActive: Boolean(row.is_active),
    }
  );
}

const SELECT_CLIENT =
  'SELECT client_id, secret_hash, owner_id, grant_types, is_public FROM oauth2_client WHERE client_id = ';
const SELECT_REFRESH =
  'SELECT id, client_id, user_id, scope, refresh_scope, refresh_expires_at, rotated_at, revoked_at, family_id, ' +
  'code_id FROM oauth2_access_token WHERE refresh_token_hash = ';
const SELECT_CODE =
  'SELECT id, client_id, user_id, redirect_uri, scope, expires_at, consumed_at FROM oauth2_code WHERE code_hash = ';
const SELECT_USER = 'SELECT id, password_hash, is_active FROM sample_user WHERE username = ';

/** better-sqlite3 with prepared statements, WAL, one connection (as the module's DataSource). */
export function sqliteStore(file: string): TokenStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const client = db.prepare(`${SELECT_CLIENT}?`);
  const scopes = new Map<number, Database.Statement>();
  const insert = db.prepare(
    `INSERT INTO oauth2_access_token (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const sqliteValues = (t: NewToken) =>
    tokenValues(t).map((v) => (v === true ? 1 : v === false ? 0 : v));
  const refresh = db.prepare(`${SELECT_REFRESH}?`);
  const rotate = db.prepare(
    'UPDATE oauth2_access_token SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL',
  );
  const code = db.prepare(`${SELECT_CODE}?`);
  const consume = db.prepare(
    'UPDATE oauth2_code SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL',
  );
  const user = db.prepare(`${SELECT_USER}?`);
  const writeAfter = (update: Database.Statement) =>
    db.transaction((id: number, now: number, token: NewToken) => {
      if (update.run(now, id).changes !== 1) return false;
      insert.run(...sqliteValues(token));
      return true;
    });
  const rotateTx = writeAfter(rotate);
  const consumeTx = writeAfter(consume);
  return {
    findClient: async (id) => clientRow(client.get(id) as RawClient | undefined),
    async countScopes(keys) {
      let statement = scopes.get(keys.length);
      if (!statement) {
        const marks = keys.map(() => '?').join(', ');
        statement = db
          .prepare(`SELECT COUNT(*) AS n FROM oauth2_access_range WHERE key IN (${marks})`)
          .pluck();
        scopes.set(keys.length, statement);
      }
      return statement.get(...keys) as number;
    },
    insertToken: async (token) => void insert.run(...sqliteValues(token)),
    findRefreshToken: async (hash) =>
      refreshRow(refresh.get(hash) as Record<string, unknown> | undefined),
    rotateAndInsert: async (id, now, token) => rotateTx(id, now, token),
    findCode: async (hash) => codeRow(code.get(hash) as Record<string, unknown> | undefined),
    consumeAndInsert: async (id, now, token) => consumeTx(id, now, token),
    findUser: async (login) => userRow(user.get(login) as Record<string, unknown> | undefined),
    rotate: async (id, now) => rotate.run(now, id).changes === 1,
    consume: async (id, now) => consume.run(now, id).changes === 1,
    close: async () => void db.close(),
  };
}

const ROTATE_PG =
  'UPDATE oauth2_access_token SET rotated_at = $1 WHERE id = $2 AND rotated_at IS NULL AND revoked_at IS NULL';
const CONSUME_PG = 'UPDATE oauth2_code SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL';

/** node-postgres with named (prepared) statements on a pool of 10 connections (TypeORM's default). */
export function postgresStore(url: string): TokenStore {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const one = async <T>(name: string, text: string, values: unknown[]) =>
    (await pool.query({ name, text, values })).rows[0] as T | undefined;
  const insertText = `INSERT INTO oauth2_access_token (${TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;
  const writeAfter = async (
    name: string,
    update: string,
    id: number,
    now: number,
    token: NewToken,
  ) => {
    const connection = await pool.connect();
    try {
      await connection.query('BEGIN');
      const changed = await connection.query({ name, text: update, values: [now, id] });
      if (changed.rowCount !== 1) {
        await connection.query('ROLLBACK');
        return false;
      }
      await connection.query({
        name: 'insert-token',
        text: insertText,
        values: tokenValues(token),
      });
      await connection.query('COMMIT');
      return true;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  };
  return {
    findClient: async (id) => clientRow(await one<RawClient>('client', `${SELECT_CLIENT}$1`, [id])),
    async countScopes(keys) {
      const row = await one<{ n: number }>(
        'scopes',
        'SELECT COUNT(*)::int AS n FROM oauth2_access_range WHERE key = ANY($1)',
        [keys],
      );
      return row?.n ?? 0;
    },
    insertToken: async (token) =>
      void (await pool.query({
        name: 'insert-token',
        text: insertText,
        values: tokenValues(token),
      })),
    findRefreshToken: async (hash) =>
      refreshRow(await one('refresh', `${SELECT_REFRESH}$1`, [hash])),
    rotateAndInsert: (id, now, token) => writeAfter('rotate', ROTATE_PG, id, now, token),
    findCode: async (hash) => codeRow(await one('code', `${SELECT_CODE}$1`, [hash])),
    consumeAndInsert: (id, now, token) => writeAfter('consume', CONSUME_PG, id, now, token),
    findUser: async (login) => userRow(await one('user', `${SELECT_USER}$1`, [login])),
    rotate: async (id, now) =>
      (await pool.query({ name: 'rotate', text: ROTATE_PG, values: [now, id] })).rowCount === 1,
    consume: async (id, now) =>
      (await pool.query({ name: 'consume', text: CONSUME_PG, values: [now, id] })).rowCount === 1,
    close: () => pool.end(),
  };
}

/** The store of a bench database URL: `sqlite:<file>` or `postgres://...`. */
export function openStore(url: string): TokenStore {
  return url.startsWith('sqlite:') ? sqliteStore(url.slice('sqlite:'.length)) : postgresStore(url);
}
