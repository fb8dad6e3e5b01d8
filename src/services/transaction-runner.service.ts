import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isRetryableConflict } from './database-errors.js';

const SINGLE_CONNECTION_DRIVERS = new Set([
  'better-sqlite3',
  'sqlite',
  'capacitor',
  'expo',
  'sqljs',
]);
const MAX_ATTEMPTS = 3;
const queues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs units of work in database transactions, retrying a bounded number of times when concurrent transactions
 * conflict (serialization failure, deadlock, busy SQLite). SQLite drivers share one connection, on which TypeORM
 * would nest concurrent transactions into savepoints; there a DataSource's transactions run one after another.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const attempt = () => this.withRetries(work);
    if (!SINGLE_CONNECTION_DRIVERS.has(this.dataSource.options.type)) return attempt();
    const previous = queues.get(this.dataSource) ?? Promise.resolve();
    const result = previous.then(attempt, attempt);
    queues.set(
      this.dataSource,
      result.catch(() => undefined),
    );
    return result;
  }

  private async withRetries<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
      }
    }
  }
}
