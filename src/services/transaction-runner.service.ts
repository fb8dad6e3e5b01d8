import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

const SINGLE_CONNECTION_DRIVERS = new Set([
  'better-sqlite3',
  'sqlite',
  'capacitor',
  'expo',
  'sqljs',
]);
const queues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs units of work in database transactions. SQLite drivers share one connection, on which TypeORM would nest
 * concurrent transactions into savepoints; there the transactions of a DataSource run one after another instead.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const inTransaction = () => this.dataSource.transaction(work);
    if (!SINGLE_CONNECTION_DRIVERS.has(this.dataSource.options.type)) return inTransaction();
    const previous = queues.get(this.dataSource) ?? Promise.resolve();
    const result = previous.then(inTransaction, inTransaction);
    queues.set(
      this.dataSource,
      result.catch(() => undefined),
    );
    return result;
  }
}
