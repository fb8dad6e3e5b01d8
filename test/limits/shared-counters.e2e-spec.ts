import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import {
  DatabaseThrottlerStorage,
  OAUTH2_ENTITIES,
  OAUTH2_MIGRATIONS,
  RedisThrottlerStorage,
  type OAuth2ThrottlerStorage,
  type ThrottlerStorageRecord,
} from 'nestjs-oauth2-token';
import { TransactionRunner } from '../../src/persistence/transaction-runner.js';

const INSTANCES = 3;
const FAILURES = 12;
const LIMIT = 5;
/** The PostgreSQL schema of this file's tables. */
const SCHEMA = 'oauth2_shared_counters';

/**
 * Three instances' storages on one database (or one Redis) take failures round-robin, all at once: every failure
 * is counted exactly once (the counts are 1..N) and the limit holds to the request.
 */
async function expectOneBudget(storages: OAuth2ThrottlerStorage[]): Promise<void> {
  const key = `client\0${Math.random()}`;
  const records = await Promise.all(
    Array.from({ length: FAILURES }, (_, i) =>
      storages[i % storages.length].increment(key, 60_000, LIMIT, 30_000, 'oauth2:test'),
    ),
  );
  const counts = records.map((record) => record.totalHits).sort((a, b) => a - b);
  expect(counts).toEqual(Array.from({ length: FAILURES }, (_, i) => i + 1));
  for (const record of records) expect(record.isBlocked).toBe(record.totalHits > LIMIT);
  for (const storage of storages) {
    expect(await storage.get(key, 'oauth2:test')).toMatchObject({
      totalHits: FAILURES,
      isBlocked: true,
    });
    expect(await storage.get(key, 'oauth2:other')).toBeUndefined();
  }
  // The limits' one read of several keys reports each as `get` does, in the order asked.
  const once = `address\0${Math.random()}`;
  await storages[0].increment(once, 60_000, LIMIT, 30_000, 'oauth2:test');
  for (const storage of storages) {
    const keys = [
      { key: once, throttlerName: 'oauth2:test' },
      { key, throttlerName: 'oauth2:other' },
      { key, throttlerName: 'oauth2:test' },
    ];
    const many = await storage.getMany!(keys);
    // Seconds left may tick between two reads: compare what does not.
    const counted = (records: (ThrottlerStorageRecord | undefined)[]) =>
      records.map((r) => r && { totalHits: r.totalHits, isBlocked: r.isBlocked });
    expect(counted(many)).toEqual(
      counted(
        await Promise.all(keys.map(({ key, throttlerName }) => storage.get(key, throttlerName))),
      ),
    );
    expect(many).toMatchObject([
      { totalHits: 1, isBlocked: false },
      undefined,
      { totalHits: FAILURES, isBlocked: true },
    ]);
  }
}

describe('brute-force counters shared by several instances', () => {
  describe('in the module database', () => {
    const dataSources: DataSource[] = [];
    let folder: string | undefined;
    afterAll(async () => {
      if (process.env.TEST_DATABASE_URL)
        await dataSources[0]?.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
      for (const dataSource of dataSources) await dataSource.destroy();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    beforeAll(async () => {
      const url = process.env.TEST_DATABASE_URL;
      folder = url ? undefined : mkdtempSync(join(tmpdir(), 'oauth2-limits-'));
      const options = (
        url
          ? { type: 'postgres', url, schema: SCHEMA }
          : { type: 'better-sqlite3', database: join(folder!, 'shared.sqlite') }
      ) as DataSourceOptions;
      for (let i = 0; i < INSTANCES; i++) {
        const dataSource = new DataSource({
          ...options,
          entities: OAUTH2_ENTITIES,
          migrations: OAUTH2_MIGRATIONS,
        });
        await dataSource.initialize();
        if (i === 0) {
          if (url)
            await dataSource.query(
              `DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`,
            );
          await dataSource.synchronize();
        }
        dataSources.push(dataSource);
      }
    });

    it('counts each failure once and blocks past the limit', async () => {
      await expectOneBudget(
        dataSources.map((ds) => new DatabaseThrottlerStorage(ds, new TransactionRunner(ds))),
      );
    });
  });

  describe('in Redis (127.0.0.1:6379)', () => {
    const clients: Redis[] = [];
    beforeAll(() => {
      for (let i = 0; i < INSTANCES; i++) {
        clients.push(new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true }));
      }
    });
    afterAll(() => Promise.all(clients.map((client) => client.quit())));

    it('counts each failure once and blocks past the limit', async () => {
      await expectOneBudget(
        clients.map(
          (redis) =>
            new RedisThrottlerStorage((script, keys, args) =>
              redis.eval(script, keys.length, ...keys, ...args),
            ),
        ),
      );
    });
  });
});
