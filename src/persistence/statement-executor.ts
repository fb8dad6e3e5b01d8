import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A compiled statement. */
export interface Statement {
  sql: string;
  /** Its name as a PostgreSQL prepared statement. */
  name: string;
  /** Per parameter, whether its value is a secret (a credential's hash, a MAC key) that no log may show. */
  secret: readonly boolean[];
}

/** The rows a statement read, or how many it changed. */
export interface StatementResult {
  rows: Record<string, unknown>[];
  affected: number;
}

/** What the logs show in place of a secret parameter. */
export const MASKED_PARAMETER = '[masked]';

/** What the statements need of a node-postgres pool or pooled client. */
interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{
    rows: Record<string, unknown>[];
    rowCount: number | null;
  }>;
}

/** What they need of a better-sqlite3 database and its prepared statements. */
interface SqliteDatabase {
  prepare(sql: string): {
    reader: boolean;
    all(...values: unknown[]): Record<string, unknown>[];
    run(...values: unknown[]): { changes: number };
  };
}

type Prepared = ReturnType<SqliteDatabase['prepare']>;

const preparedOn = new WeakMap<SqliteDatabase, Map<string, Prepared>>();

/**
 * Runs compiled statements on the DataSource's own connections and logs them to its logger, with secret parameters
 * masked (errors and slow statements too). TypeORM's query runner hands every parameter to the logger, so where the
 * driver allows the statements bypass it: on PostgreSQL (pg) the pool or the transaction's client, on better-sqlite3
 * its one connection, which a transaction shares. Other drivers run them through the query runner, which logs them
 * unmasked (`passesParametersToLogger`).
 */
export class StatementExecutor {
  private readonly pgPool: PgQueryable | undefined;
  private readonly sqlite: boolean;

  constructor(private readonly dataSource: DataSource) {
    const type = dataSource.options.type;
    this.pgPool =
      type === 'postgres'
        ? (dataSource.driver as unknown as { master?: PgQueryable }).master
        : undefined;
    this.sqlite = type === 'better-sqlite3';
  }

  /** Whether TypeORM's query runner, which logs parameters as they are, runs the statements. */
  get passesParametersToLogger(): boolean {
    return !this.pgPool && !this.sqlite;
  }

  /** Runs a statement on the manager's transaction, or on the DataSource when it has none. */
  async execute(
    db: EntityManager,
    statement: Statement,
    params: unknown[],
  ): Promise<StatementResult> {
    if (db.queryRunner?.isReleased) throw new QueryRunnerAlreadyReleasedError();
    if (this.pgPool) {
      const connection = db.queryRunner
        ? ((await db.queryRunner.connect()) as PgQueryable)
        : this.pgPool;
      return this.logged(statement, params, async () => {
        const result = await connection.query({
          name: statement.name,
          text: statement.sql,
          values: params,
        });
        return { rows: result.rows, affected: result.rowCount ?? 0 };
      });
    }
    if (this.sqlite)
      return this.logged(statement, params, async () => this.onSqlite(statement, params));
    const runner = db.queryRunner ?? this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(statement.sql, params, true);
      return { rows: result.records ?? [], affected: result.affected ?? 0 };
    } finally {
      if (!db.queryRunner) await runner.release();
    }
  }

  /** Logs the statement as TypeORM's query runner would, secrets masked; a driver error becomes `QueryFailedError`. */
  private async logged(
    { sql, secret }: Statement,
    params: unknown[],
    run: () => Promise<StatementResult>,
  ): Promise<StatementResult> {
    const logger = this.dataSource.logger;
    const shown = params.map((value, i) => (secret[i] && value != null ? MASKED_PARAMETER : value));
    logger.logQuery(sql, shown);
    const startedAt = Date.now();
    try {
      const result = await run();
      const slowAfter = this.dataSource.options.maxQueryExecutionTime;
      const took = Date.now() - startedAt;
      if (slowAfter && took > slowAfter) logger.logQuerySlow(took, sql, shown);
      return result;
    } catch (error) {
      logger.logQueryError(error as Error, sql, shown);
      throw new QueryFailedError(sql, shown, error as Error);
    }
  }

  /** better-sqlite3 binds no booleans: they go in as 0 and 1, as its query runner sends them. */
  private onSqlite({ sql }: Statement, params: unknown[]): StatementResult {
    const database = (this.dataSource.driver as unknown as { databaseConnection: SqliteDatabase })
      .databaseConnection;
    if (!database) throw new Error('Driver not Connected');
    let prepared = preparedOn.get(database);
    if (!prepared) preparedOn.set(database, (prepared = new Map()));
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = database.prepare(sql)));
    const values = params.map((value) => (typeof value === 'boolean' ? Number(value) : value));
    if (statement.reader) return { rows: statement.all(...values), affected: 0 };
    return { rows: [], affected: statement.run(...values).changes };
  }
}
