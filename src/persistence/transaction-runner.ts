import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { retryingConflicts } from './database-errors.js';
import { GroupCommit } from './group-commit.js';

const SINGLE_CONNECTION_DRIVERS = new Set([
  'better-sqlite3',
  'sqlite',
  'capacitor',
  'expo',
  'sqljs',
]);
const MAX_ATTEMPTS = 3;
const groupCommits = new WeakMap<DataSource, GroupCommit>();

/**
 * Runs units of work in database transactions, retrying a bounded number of times when concurrent transactions
 * conflict (serialization failure, deadlock, busy SQLite). SQLite drivers share one connection, on which TypeORM
 * would nest concurrent transactions into savepoints; there a DataSource's units of work run one after another,
 * those of one event-loop turn in one transaction with a savepoint each (`GroupCommit`).
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in a transaction. With `singleWrite` the work is one write statement, which is atomic by itself: on a
   * pooled database (PostgreSQL) it then runs without BEGIN and COMMIT, two round trips fewer; in a SQLite group
   * commit without a savepoint of its own, and without BEGIN and COMMIT when it is alone in its event-loop turn.
   */
  run<T>(
    work: (manager: EntityManager) => Promise<T>,
    { singleWrite = false }: { singleWrite?: boolean } = {},
  ): Promise<T> {
    if (!SINGLE_CONNECTION_DRIVERS.has(this.dataSource.options.type)) {
      return retryingConflicts(
        () => (singleWrite ? work(this.dataSource.manager) : this.dataSource.transaction(work)),
        MAX_ATTEMPTS,
      );
    }
    let group = groupCommits.get(this.dataSource);
    if (!group) {
      group = new GroupCommit(this.dataSource, MAX_ATTEMPTS);
      groupCommits.set(this.dataSource, group);
    }
    return group.run(work, singleWrite);
  }
}
