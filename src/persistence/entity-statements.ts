import { createHash } from 'node:crypto';
import type {
  DataSource,
  EntityManager,
  EntityMetadata,
  EntityTarget,
  ObjectLiteral,
} from 'typeorm';
import type { Redeem } from '../interfaces/oauth2-grant.interface.js';
import { warnSecretsReachLogger } from './parameter-logging.js';
import { hasSecretColumns, isSecretColumn } from './secret-columns.js';
import { StatementExecutor, type Statement } from './statement-executor.js';

type ColumnMetadata = EntityMetadata['columns'][number];

/** Where a statement runs: `dataSource.manager`, or a transaction's EntityManager. */
export type Queryable = EntityManager;

/** A compiled conditional UPDATE behind a `Redeem`, so that `insert` can fuse both into one statement. */
interface CompiledUpdate {
  statement: Statement;
  params(): unknown[];
}

const compiledUpdates = new WeakMap<Redeem, CompiledUpdate>();

/**
 * `build` over the entity's statements, made on first use (the DataSource may open after the module has started);
 * null when the entity's events must be kept, so the caller uses the repository.
 */
export function statementsOnFirstUse<T extends ObjectLiteral, R>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  build: (statements: EntityStatements<T>) => R,
): () => R | null {
  let built: R | null | undefined;
  return () => {
    if (built === undefined) {
      const statements = EntityStatements.of(dataSource, target);
      built = statements ? build(statements) : null;
    }
    return built;
  };
}

/** Runs `insert` only if `redeem` (when given) marks its row: false when it does not. */
export async function insertRedeeming(
  db: Queryable,
  redeem: Redeem | undefined,
  insert: () => Promise<unknown>,
): Promise<boolean> {
  if (redeem && !(await redeem(db))) return false;
  await insert();
  return true;
}

/**
 * The token path's few statements, written once per service from the entities' TypeORM metadata (table and column
 * names, value transformers, the driver's type conversions and parameter style), then run without building a query
 * per request. TypeORM's query builder spends far more time than the database on these one-row statements. On
 * PostgreSQL they are named (prepared) statements on the DataSource's own pool and transaction connections, parsed
 * and planned once per connection. They are logged with secret parameters masked (`StatementExecutor`).
 *
 * Each factory returns undefined when the entity has listeners or the DataSource has subscribers for it: they expect
 * the repository's events, so the caller keeps using the repository then.
 */
export class EntityStatements<T extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  private readonly executor: StatementExecutor;

  private constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
  ) {
    this.metadata = dataSource.getMetadata(target);
    this.executor = new StatementExecutor(dataSource);
  }

  /**
   * The statements of `target`, or undefined when its entity events must be kept. Warns when the entity's secrets
   * would then reach a logger unmasked.
   */
  static of<T extends ObjectLiteral>(
    dataSource: DataSource,
    target: EntityTarget<T>,
  ): EntityStatements<T> | undefined {
    const statements = new EntityStatements(dataSource, target);
    const events = statements.hasEntityEvents();
    if (hasSecretColumns(target) && (events || statements.executor.passesParametersToLogger)) {
      const reason = events
        ? 'it has entity listeners or subscribers'
        : `the ${dataSource.options.type} driver`;
      warnSecretsReachLogger(dataSource, statements.metadata.name, reason);
    }
    return events ? undefined : statements;
  }

  /**
   * `repository.findOneBy({ [property]: value })` for a unique column: the row whose column equals the value, with
   * every column or only those of `select` (fewer columns to read and convert on a hot path).
   */
  findOneBy(property: keyof T & string): (db: Queryable, value: unknown) => Promise<T | null>;
  findOneBy<K extends keyof T & string>(
    property: keyof T & string,
    select: readonly K[],
  ): (db: Queryable, value: unknown) => Promise<Pick<T, K> | null>;
  findOneBy(
    property: keyof T & string,
    select?: readonly (keyof T & string)[],
  ): (db: Queryable, value: unknown) => Promise<T | null> {
    const column = this.column(property);
    const columns = select
      ? select.map((name) => this.column(name))
      : this.metadata.columns.filter((c) => !c.isVirtual);
    const sql =
      `SELECT ${columns.map((c) => this.name(c)).join(', ')} FROM ${this.table()} ` +
      `WHERE ${this.name(column)} = ${this.parameter(0)}`;
    const statement = this.statement(sql, [column]);
    return async (db, value) => {
      const { rows } = await this.execute(db, statement, [this.persistent(column, value)]);
      return rows.length === 0 ? null : this.hydrate(columns, rows[0]);
    };
  }

  /** `repository.findBy({ [property]: In(values) })` for `arity` values: the rows whose column is one of them. */
  findIn(
    property: keyof T & string,
    arity: number,
  ): (db: Queryable, values: unknown[]) => Promise<T[]> {
    const column = this.column(property);
    const columns = this.metadata.columns.filter((c) => !c.isVirtual);
    const list = Array.from({ length: arity }, (_, i) => this.parameter(i)).join(', ');
    const statement = this.statement(
      `SELECT ${columns.map((c) => this.name(c)).join(', ')} FROM ${this.table()} ` +
        `WHERE ${this.name(column)} IN (${list})`,
      Array.from({ length: arity }, () => column),
    );
    return async (db, values) => {
      const params = values.map((value) => this.persistent(column, value));
      const { rows } = await this.execute(db, statement, params);
      return rows.map((row) => this.hydrate(columns, row));
    };
  }

  /** `repository.countBy({ [property]: In(values) })` for `arity` values. */
  countIn(
    property: keyof T & string,
    arity: number,
  ): (db: Queryable, values: unknown[]) => Promise<number> {
    const column = this.column(property);
    const list = Array.from({ length: arity }, (_, i) => this.parameter(i)).join(', ');
    const statement = this.statement(
      `SELECT COUNT(1) AS cnt FROM ${this.table()} WHERE ${this.name(column)} IN (${list})`,
      Array.from({ length: arity }, () => column),
    );
    return async (db, values) => {
      const params = values.map((value) => this.persistent(column, value));
      const { rows } = await this.execute(db, statement, params);
      return Number(rows[0]?.cnt ?? 0);
    };
  }

  /**
   * `manager.insert(entity, values)` for exactly `properties`, without reading back generated or default columns.
   * With `redeem`, the row is stored only if the redemption marks its row (resolves false otherwise): on PostgreSQL
   * both are one statement, atomic without a transaction; elsewhere two, which the caller runs in a transaction.
   */
  insert(
    properties: readonly (keyof T & string)[],
  ): (db: Queryable, values: Partial<T>, redeem?: Redeem) => Promise<boolean> {
    const columns = properties.map((property) => this.column(property));
    const names = columns.map((c) => this.name(c)).join(', ');
    const statement = this.statement(
      `INSERT INTO ${this.table()} (${names}) VALUES (${columns.map((_, i) => this.parameter(i)).join(', ')})`,
      columns,
    );
    const fused = new Map<string, Statement>();
    return async (db, values, redeem) => {
      const params = columns.map((column) =>
        this.persistent(column, column.getEntityValue(values)),
      );
      const update = redeem && this.fuses(redeem) ? compiledUpdates.get(redeem) : undefined;
      if (update) {
        const updateParams = update.params();
        let both = fused.get(update.statement.name);
        if (!both) {
          const selected = columns.map((_, i) => this.parameter(updateParams.length + i));
          both = this.statement(
            `WITH provided AS (${update.statement.sql} RETURNING 1) ` +
              `INSERT INTO ${this.table()} (${names}) SELECT ${selected.join(', ')} FROM provided`,
            [],
            [...update.statement.secret, ...statement.secret],
          );
          fused.set(update.statement.name, both);
        }
        return (await this.execute(db, both, [...updateParams, ...params])).affected === 1;
      }
      return insertRedeeming(db, redeem, () => this.execute(db, statement, params));
    };
  }

  /** Whether `insert` runs after `redeem` as one statement (PostgreSQL, both compiled). */
  fuses(redeem: Redeem): boolean {
    return this.dataSource.options.type === 'postgres' && compiledUpdates.has(redeem);
  }

  /**
   * `manager.update(entity, { [key]: value, ...each of nulls IS NULL }, { [set]: ... })`: sets one column of the row
   * whose `key` equals a value while every column of `nulls` is still null; the redemption resolves whether it
   * changed the row. The value is read when the UPDATE runs (a timestamp then is the time of the write).
   */
  updateWhereNull(
    set: keyof T & string,
    key: keyof T & string,
    nulls: readonly (keyof T & string)[],
  ): (value: () => unknown, keyValue: unknown) => Redeem {
    const [setColumn, keyColumn] = [this.column(set), this.column(key)];
    const conditions = [
      `${this.name(keyColumn)} = ${this.parameter(1)}`,
      ...nulls.map((property) => `${this.name(this.column(property))} IS NULL`),
    ];
    const sql =
      `UPDATE ${this.table()} SET ${this.name(setColumn)} = ${this.parameter(0)} ` +
      `WHERE ${conditions.join(' AND ')}`;
    const statement = this.statement(sql, [setColumn, keyColumn]);
    return (value, keyValue) => {
      const params = () => [
        this.persistent(setColumn, value()),
        this.persistent(keyColumn, keyValue),
      ];
      const redeem: Redeem = async (db) =>
        (await this.execute(db, statement, params())).affected === 1;
      compiledUpdates.set(redeem, { statement, params });
      return redeem;
    };
  }

  private execute(db: Queryable, statement: Statement, params: unknown[]) {
    return this.executor.execute(db, statement, params);
  }

  /** A statement whose parameters bind `columns` in order, or whose secrets are given as `secret`. */
  private statement(
    sql: string,
    columns: ColumnMetadata[],
    secret = columns.map((column) => isSecretColumn(this.metadata.target, column.propertyName)),
  ): Statement {
    const name = `oauth2_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    return { sql, name, secret };
  }

  private hasEntityEvents(): boolean {
    const m = this.metadata;
    if (m.ownListeners.length > 0 || m.listeners.length > 0) return true;
    return this.dataSource.subscribers.some((subscriber) => {
      const target = subscriber.listenTo?.();
      return (
        !target ||
        target === Object ||
        target === m.target ||
        (typeof m.target === 'function' && Object.prototype.isPrototypeOf.call(target, m.target))
      );
    });
  }

  private column(property: string): ColumnMetadata {
    const column = this.metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${this.metadata.name} has no column ${property}`);
    return column;
  }

  private table(): string {
    return this.metadata.tablePath
      .split('.')
      .map((part) => (part === '' ? part : this.dataSource.driver.escape(part)))
      .join('.');
  }

  private name(column: ColumnMetadata): string {
    return this.dataSource.driver.escape(column.databaseName);
  }

  private parameter(index: number): string {
    return this.dataSource.driver.createParameter(`p${index}`, index);
  }

  private persistent(column: ColumnMetadata, value: unknown): unknown {
    return this.dataSource.driver.preparePersistentValue(value, column);
  }

  private hydrate(columns: ColumnMetadata[], row: Record<string, unknown>): T {
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const column of columns) {
      const value = row[column.databaseName];
      if (value !== undefined) {
        column.setEntityValue(entity, this.dataSource.driver.prepareHydratedValue(value, column));
      }
    }
    return entity;
  }
}
