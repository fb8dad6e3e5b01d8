import { describe, expect, it } from '@jest/globals';
import { isTransientDatabaseError } from './connection-errors.js';
import { databaseOptions, postgresTimeouts } from './database-options.js';
import { dbTimeoutFrom } from '../settings.js';

describe('the sample app database bound (DB_TIMEOUT_MS)', () => {
  it('defaults to 5000 ms and accepts 100 to 600000', () => {
    expect(dbTimeoutFrom({})).toBe(5000);
    expect(dbTimeoutFrom({ DB_TIMEOUT_MS: '250' })).toBe(250);
    for (const value of ['99', '600001', '1.5', 'abc', '-1']) {
      expect(() => dbTimeoutFrom({ DB_TIMEOUT_MS: value })).toThrow('DB_TIMEOUT_MS');
    }
  });

  it('splits the bound over the PostgreSQL waits', () => {
    expect(postgresTimeouts(5000)).toMatchObject({
      connectTimeoutMS: 1250,
      extra: {
        lock_timeout: 2000,
        statement_timeout: 2500,
        query_timeout: 5000,
        idle_in_transaction_session_timeout: 10_000,
        keepAlive: true,
      },
    });
    expect(postgresTimeouts(5000).poolErrorHandler).toEqual(expect.any(Function));
    expect(postgresTimeouts(5000).extra).toMatchObject({ onConnect: expect.any(Function) });
    expect(databaseOptions('postgres://u@127.0.0.1/db', 8000)).toMatchObject({
      type: 'postgres',
      connectTimeoutMS: 2000,
    });
  });

  it('is the SQLite busy timeout', () => {
    expect(databaseOptions('sqlite::memory:', 1234)).toMatchObject({
      type: 'better-sqlite3',
      timeout: 1234,
    });
  });
});

describe('which startup failures are retried', () => {
  const coded = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

  it('retries a database that is down, starting, busy or locked', () => {
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      '57P03',
      '57P01',
      '53300',
      '55P03',
      '08006',
    ]) {
      expect(isTransientDatabaseError(coded(code))).toBe(true);
    }
    expect(isTransientDatabaseError({ driverError: coded('57P03') })).toBe(true);
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('stops on bad credentials, a missing database or a failing migration', () => {
    for (const code of ['28P01', '3D000', '42P01', '42601']) {
      expect(isTransientDatabaseError(coded(code))).toBe(false);
    }
    expect(isTransientDatabaseError(new TypeError('x is not a function'))).toBe(false);
  });
});
