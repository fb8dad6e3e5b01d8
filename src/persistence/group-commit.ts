import type { DataSource, EntityManager } from 'typeorm';
import { isRetryableConflict, retryingConflicts } from './database-errors.js';

/** A unit of work run in a transaction. */
export type TransactionWork<T> = (manager: EntityManager) => Promise<T>;

interface Pending {
  work: TransactionWork<unknown>;
  /**
   * The work is one statement, which SQLite undoes by itself when it fails: it needs no savepoint, and alone in its
   * turn no transaction either.
   */
  singleWrite: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for a single-connection database (SQLite): the units of work submitted during one event-loop turn run
 * in one transaction, each in a savepoint of its own (unless it is a single statement), and the transaction commits
 * once, so many tokens share one commit (one WAL write); a single statement alone in its turn runs without one. A
 * unit that fails rolls back to its savepoint (a statement rolls back by itself) and fails alone; a failed commit
 * fails the units it held; none is answered before its commit. Batches run one after another, as SQLite's single
 * writer does.
 */
export class GroupCommit {
  private waiting: Pending[] = [];
  private scheduled = false;
  private previous: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxAttempts: number,
  ) {}

  run<T>(work: TransactionWork<T>, singleWrite = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        work,
        // Without a savepoint, a failure that ends the whole transaction must be detectable (better-sqlite3).
        singleWrite: singleWrite && this.inTransaction() !== undefined,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    this.previous = this.previous.then(() => this.commit(batch));
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await retryingConflicts(
        async () => (batch.length === 1 ? [await this.single(batch[0])] : this.together(batch)),
        this.maxAttempts,
      );
      outcomes.forEach((outcome, i) =>
        outcome.ok ? batch[i].resolve(outcome.value) : batch[i].reject(outcome.error),
      );
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  /**
   * After a failed unit or group, leaves no transaction open on either side: SQLite may have ended it by itself
   * (TypeORM's ROLLBACK then fails and it still counts one open), or a failed rollback may have left it open.
   */
  private async realign(): Promise<void> {
    const open = this.inTransaction();
    if (open === undefined) return;
    const runner = this.dataSource.createQueryRunner(); // SQLite drivers share one runner
    if (open) await runner.query('ROLLBACK').catch(() => undefined);
    Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
  }

  /** Whether SQLite holds a transaction on the connection, where the driver says (better-sqlite3). */
  private inTransaction(): boolean | undefined {
    const driver = this.dataSource.driver as { databaseConnection?: { inTransaction?: unknown } };
    const open = driver.databaseConnection?.inTransaction;
    return typeof open === 'boolean' ? open : undefined;
  }

  private async single({ work, singleWrite }: Pending): Promise<Outcome> {
    try {
      const value = singleWrite
        ? await work(this.dataSource.manager)
        : await this.dataSource.transaction(work);
      return { ok: true, value };
    } catch (error) {
      await this.realign();
      if (isRetryableConflict(error)) throw error;
      return { ok: false, error };
    }
  }

  /** One transaction, a savepoint per unit; a conflict anywhere rolls back and retries the whole batch. */
  private async together(batch: Pending[]): Promise<Outcome[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const outcomes: Outcome[] = [];
      for (const { work, singleWrite } of batch) {
        if (!singleWrite) await runner.startTransaction();
        try {
          const value = await work(runner.manager);
          if (!singleWrite) await runner.commitTransaction();
          outcomes.push({ ok: true, value });
        } catch (error) {
          if (!singleWrite) await runner.rollbackTransaction();
          // After some I/O errors SQLite rolls the whole transaction back: then every unit of the group failed.
          else if (this.inTransaction() === false) throw error;
          if (isRetryableConflict(error)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      await runner.commitTransaction();
      return outcomes;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await this.realign();
      throw error;
    } finally {
      await runner.release();
    }
  }
}
