import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

const warned = new WeakMap<DataSource, Set<string>>();

/**
 * Whether the DataSource's logger may print statement parameters: a custom logger (it decides for itself), or
 * `logging` that covers queries, failed queries, or slow ones when `maxQueryExecutionTime` is set.
 */
export function mayLogParameters(dataSource: DataSource): boolean {
  const { logger, logging, maxQueryExecutionTime } = dataSource.options;
  if (typeof logger === 'object' && logger !== null) return true;
  if (logging === true || logging === 'all') return true;
  if (!Array.isArray(logging)) return false;
  return logging.some(
    (level) =>
      level === 'query' || level === 'error' || (level === 'warn' && !!maxQueryExecutionTime),
  );
}

/**
 * Warns once per DataSource and entity that TypeORM's own statements will carry the entity's secrets (hashes, MAC
 * keys) to a logger that may print them: the module's masked statements cannot be used for it, for `reason`.
 */
export function warnSecretsReachLogger(
  dataSource: DataSource,
  entity: string,
  reason: string,
): void {
  if (!mayLogParameters(dataSource)) return;
  let entities = warned.get(dataSource);
  if (!entities) warned.set(dataSource, (entities = new Set()));
  if (entities.has(entity)) return;
  entities.add(entity);
  new Logger('OAuth2Token').warn(
    `${entity} is written through TypeORM's repository (${reason}), whose query logging prints parameters: ` +
      'hashes of tokens, codes and secrets, and MAC keys, may reach your logs. Turn query and error logging off.',
  );
}
