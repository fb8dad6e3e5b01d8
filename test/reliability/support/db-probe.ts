import pg from 'pg';
import { DataSource } from 'typeorm';
import { hashSecret } from '../../../src/crypto/secrets.js';

/** Direct SQL on the database under test, beside the app (never through it). `$1`-style parameters. */
export interface DbProbe {
  readonly dialect: 'postgres' | 'sqlite';
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A probe on a PostgreSQL database (one connection). */
export async function postgresProbe(url: string): Promise<DbProbe> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[],
    close: () => client.end(),
  };
}

/** A probe on a SQLite file (its own better-sqlite3 connection; WAL lets it read while the app writes). */
export async function sqliteProbe(path: string): Promise<DbProbe> {
  const db = new DataSource({ type: 'better-sqlite3', database: path, timeout: 5000 });
  await db.initialize();
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: unknown[] = []) =>
      (await db.query(sql.replace(/\$\d+/g, '?'), params)) as T[],
    close: () => db.destroy(),
  };
}

/** The stored row of an access token, found by the hash the library stores. */
export async function tokenRow(db: DbProbe, accessToken: string) {
  const [row] = await db.all<{ id: number; family_id: string; code_id: number | null }>(
    'SELECT id, family_id, code_id FROM oauth2_access_token WHERE token_hash = $1',
    [hashSecret(accessToken)],
  );
  if (!row) throw new Error('No stored row for the access token');
  return row;
}

/** The id of the code row for a code value. */
export async function codeId(db: DbProbe, code: string): Promise<number> {
  const [row] = await db.all<{ id: number }>('SELECT id FROM oauth2_code WHERE code_hash = $1', [
    hashSecret(code),
  ]);
  if (!row) throw new Error('No stored row for the code');
  return Number(row.id);
}

/** A single number from `SELECT COUNT(*) AS n ...`. */
export async function count(db: DbProbe, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.all<{ n: number | string }>(sql, params);
  return Number(row.n);
}

/**
 * The invariants that must hold after any race or fault, each as the rows that break it (all empty when sound):
 * one token family per code, at most one live refresh token per family, every rotation followed by exactly one
 * successor, and no consumed code without a token.
 */
export async function invariantViolations(db: DbProbe): Promise<Record<string, unknown[]>> {
  const violations: Record<string, unknown[]> = {
    codeWithSeveralFamilies: await db.all(
      `SELECT code_id, COUNT(DISTINCT family_id) AS families FROM oauth2_access_token
       WHERE code_id IS NOT NULL GROUP BY code_id HAVING COUNT(DISTINCT family_id) > 1`,
    ),
    familyWithSeveralActive: await db.all(
      `SELECT family_id, COUNT(*) AS active FROM oauth2_access_token
       WHERE refreshable = TRUE AND rotated_at IS NULL AND revoked_at IS NULL
       GROUP BY family_id HAVING COUNT(*) > 1`,
    ),
    rotationsWithoutOneSuccessor: await db.all(
      `SELECT family_id, COUNT(*) AS members,
              SUM(CASE WHEN rotated_at IS NOT NULL THEN 1 ELSE 0 END) AS rotated
       FROM oauth2_access_token GROUP BY family_id
       HAVING SUM(CASE WHEN rotated_at IS NOT NULL THEN 1 ELSE 0 END) <> COUNT(*) - 1`,
    ),
    consumedCodeWithoutToken: await db.all(
      `SELECT c.id FROM oauth2_code c WHERE c.consumed_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM oauth2_access_token t WHERE t.code_id = c.id)`,
    ),
  };
  return Object.fromEntries(Object.entries(violations).filter(([, rows]) => rows.length > 0));
}
