import { Logger } from '@nestjs/common';
import type { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { printableMessage } from '../redact-credentials.js';

/** The sample app's database when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = 'sqlite:sample-app/data/oauth2.sqlite';

/** How long a request may wait for the database before it is answered 503, when DB_TIMEOUT_MS is not set. */
export const DEFAULT_DB_TIMEOUT_MS = 5000;

/**
 * DataSource options for a DATABASE_URL: `sqlite:<path>` (better-sqlite3, WAL) or `postgres://...` (pg), every
 * wait on the database bounded by `timeoutMs`. Entities are not listed here: the app adds its own and the module's.
 */
export function databaseOptions(
  url = DEFAULT_DATABASE_URL,
  timeoutMs = DEFAULT_DB_TIMEOUT_MS,
): DataSourceOptions {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { type: 'postgres', url, ...postgresTimeouts(timeoutMs) };
  }
  if (url.startsWith('sqlite:')) {
    const database = url.slice('sqlite:'.length);
    if (!database) throw new Error('DATABASE_URL sqlite:<path> needs a path');
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return { type: 'better-sqlite3', database, enableWAL: true, timeout: timeoutMs };
  }
  throw new Error('DATABASE_URL must be sqlite:<path> or postgres://...');
}

/**
 * pg settings that end every wait within `timeoutMs`, so that an outage answers 503 quickly instead of piling up
 * requests. A token request takes a pooled connection a few times and may then wait on one lock, so the budget is
 * split: a quarter for each wait on the pool (or a new connection), under half for a lock, half for a statement;
 * `query_timeout` is the client-side backstop for a server that stops answering, and TCP keep-alive finds dead peers.
 */
export function postgresTimeouts(
  timeoutMs: number,
): Pick<
  Extract<DataSourceOptions, { type: 'postgres' }>,
  'connectTimeoutMS' | 'extra' | 'poolErrorHandler'
> {
  const logger = new Logger('Database');
  return {
    connectTimeoutMS: Math.max(1, Math.floor(timeoutMs / 4)),
    extra: {
      lock_timeout: Math.max(1, Math.floor(timeoutMs * 0.4)),
      statement_timeout: Math.max(1, Math.floor(timeoutMs / 2)),
      query_timeout: timeoutMs,
      idle_in_transaction_session_timeout: 2 * timeoutMs,
      keepAlive: true,
      onConnect: keepConnectionErrorsHandled,
    },
    // An idle pooled connection that PostgreSQL closes (restart, pg_terminate_backend) emits `error` on the pool;
    // TypeORM attaches a handler too, this one only makes the event visible in the app's log.
    poolErrorHandler: (error: unknown) =>
      logger.warn(`An idle database connection was lost: ${printableMessage(error)}`),
  };
}

/**
 * pg-pool's `onConnect` hook: every new connection gets an `error` listener of its own for its whole life. pg-pool
 * listens while a connection is idle and TypeORM while a query runner holds it, but when a pooled query ends, pg-pool
 * hands the connection to a waiting query runner at once, and TypeORM adds its listener only a promise turn later.
 * If PostgreSQL's FATAL (restart, `pg_terminate_backend`) arrives in the same read as that query's last message, pg
 * emits `error` in between, with no listener: an unhandled `error` event that ends the process (seen in F2 under
 * load). The connection is then unusable, so its next query fails and the request answers 503.
 */
function keepConnectionErrorsHandled(connection: EventEmitter): void {
  const logger = new Logger('Database');
  connection.on('error', (error: unknown) => {
    if (connection.listenerCount('error') > 1) return; // pg-pool's or TypeORM's listener has it
    logger.warn(`A database connection was lost between two users: ${printableMessage(error)}`);
  });
}

/** Injection token of the bound, in milliseconds, on every wait for the database (DB_TIMEOUT_MS). */
export const DATABASE_TIMEOUT_MS = Symbol('DATABASE_TIMEOUT_MS');
