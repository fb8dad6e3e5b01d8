import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { isUniqueViolation } from './database-errors.js';
import { statementsOnFirstUse } from './entity-statements.js';
import type { TransactionRunner } from './transaction-runner.js';

/**
 * An INSERT of `properties` that resolves false when a unique key already holds the row (a replay), for the stores
 * that record single-use values on every request. It is a compiled statement (`EntityStatements`), run as a single
 * write (`TransactionRunner`): on SQLite it shares the COMMIT of the writes of its event-loop turn. With entity
 * listeners or subscribers it goes through the repository, in a transaction of its own, since they may write too.
 */
export function uniqueInsert<T extends ObjectLiteral>(
  dataSource: DataSource,
  transactions: TransactionRunner,
  target: EntityTarget<T>,
  properties: readonly (keyof T & string)[],
): (row: Partial<T>) => Promise<boolean> {
  const compiled = statementsOnFirstUse(dataSource, target, (statements) =>
    statements.insert(properties),
  );
  return async (row) => {
    const insert = compiled();
    try {
      await transactions.run<unknown>(
        (manager) => (insert ? insert(manager, row) : manager.getRepository(target).insert(row)),
        { singleWrite: insert !== null },
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  };
}
