import { describe, expect, it } from '@jest/globals';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import {
  isDatabaseUnavailable,
  isRetryableConflict,
  isUniqueViolation,
} from './database-errors.js';

const failed = (code: string) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error('driver'), { code }));

describe('database error classification', () => {
  it('recognises unique violations of both databases', () => {
    expect(isUniqueViolation(failed('23505'))).toBe(true);
    expect(isUniqueViolation(failed('SQLITE_CONSTRAINT_UNIQUE'))).toBe(true);
    expect(isUniqueViolation(failed('23503'))).toBe(false);
  });

  it('retries serialization failures, deadlocks and a busy SQLite only', () => {
    expect(isRetryableConflict(failed('40001'))).toBe(true);
    expect(isRetryableConflict(failed('40P01'))).toBe(true);
    expect(isRetryableConflict(failed('SQLITE_BUSY'))).toBe(true);
    expect(isRetryableConflict(failed('23505'))).toBe(false);
  });

  it('treats connection loss, shutdown and timeouts as unavailability', () => {
    expect(
      isDatabaseUnavailable(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isDatabaseUnavailable(failed('57P01'))).toBe(true);
    expect(isDatabaseUnavailable(failed('08006'))).toBe(true);
    expect(isDatabaseUnavailable(failed('57014'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it('leaves programming errors as they are', () => {
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(failed('42P01'))).toBe(false);
  });
});
