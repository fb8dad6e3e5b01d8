import { Injectable } from '@nestjs/common';
import { hash } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { RateLimit } from '../entities/rate-limit.entity.js';
import type {
  OAuth2ThrottlerStorage,
  ThrottlerKey,
  ThrottlerStorageRecord,
} from '../interfaces/oauth2-throttler-storage.interface.js';
import { statementsOnFirstUse } from './entity-statements.js';
import { TransactionRunner } from './transaction-runner.js';

/** Expired counters are deleted at most this often (ms) by each instance. */
const PURGE_INTERVAL_MS = 60_000;

interface CounterRow {
  hits: number | string;
  expires_at: number | string;
  blocked_until: number | string;
}

/**
 * The default brute-force counter storage: a row per key in the module's own database, so every instance shares one
 * budget without another service. Each failure is one atomic upsert (`INSERT … ON CONFLICT DO UPDATE … RETURNING`,
 * PostgreSQL and SQLite alike); expired rows are purged as it runs.
 */
@Injectable()
export class DatabaseThrottlerStorage implements OAuth2ThrottlerStorage {
  private lastPurge = 0;
  /** The compiled `key IN (…)` reads, by number of keys: the limits read two per request. */
  private readonly compiled;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {
    this.compiled = statementsOnFirstUse(dataSource, RateLimit, (statements) => {
      const byArity = new Map<number, ReturnType<typeof statements.findIn>>();
      return (arity: number) => {
        let find = byArity.get(arity);
        if (!find) byArity.set(arity, (find = statements.findIn('key', arity)));
        return find;
      };
    });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    await this.purgeNowAndThen(now);
    const table = this.table();
    // Typed parameters: PostgreSQL would otherwise infer integer for the millisecond times.
    const [now_, limit_, expiresAt, blockedUntil] = [
      'CAST(:now AS bigint)',
      'CAST(:limit AS integer)',
      'CAST(:expiresAt AS bigint)',
      'CAST(:blockedUntil AS bigint)',
    ];
    const fresh = `CASE WHEN ${table}.expires_at <= ${now_}`;
    const hits = `${fresh} THEN 1 ELSE ${table}.hits + 1 END`;
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `INSERT INTO ${table} ("key", hits, expires_at, blocked_until) ` +
        `VALUES (:key, 1, ${expiresAt}, CASE WHEN 1 > ${limit_} THEN ${blockedUntil} ELSE 0 END) ` +
        `ON CONFLICT ("key") DO UPDATE SET hits = ${hits}, ` +
        `expires_at = ${fresh} THEN ${expiresAt} ELSE ${table}.expires_at END, ` +
        `blocked_until = CASE WHEN ${table}.blocked_until > ${now_} THEN ${table}.blocked_until ` +
        `WHEN ${hits} > ${limit_} THEN ${blockedUntil} ELSE 0 END ` +
        `RETURNING hits, expires_at, blocked_until`,
      {
        key: counterKey(key, throttlerName),
        now,
        limit,
        expiresAt: now + ttl,
        blockedUntil: now + blockDuration,
      },
    );
    const rows = await this.transactions.run(
      (manager) => manager.query(sql, params) as Promise<CounterRow[]>,
      { singleWrite: true },
    );
    return record(rows[0], now);
  }

  async get(key: string, throttlerName: string): Promise<ThrottlerStorageRecord | undefined> {
    return (await this.getMany([{ key, throttlerName }]))[0];
  }

  /** The keys' records in one statement (`key IN (…)`), so the two reads of a request cost one. */
  async getMany(keys: readonly ThrottlerKey[]): Promise<(ThrottlerStorageRecord | undefined)[]> {
    const now = Date.now();
    const hashed = keys.map(({ key, throttlerName }) => counterKey(key, throttlerName));
    const unique = [...new Set(hashed)];
    const find = this.compiled()?.(unique.length);
    const rows = find
      ? await find(this.dataSource.manager, unique)
      : await this.dataSource.getRepository(RateLimit).findBy({ key: In(unique) });
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return hashed.map((key) => current(byKey.get(key), now));
  }

  /** Deletes the counters whose window and block are both over, once a minute per instance. */
  private async purgeNowAndThen(now: number): Promise<void> {
    if (now - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = now;
    const table = this.table();
    await this.transactions.run(
      (manager) =>
        manager.query(
          ...this.dataSource.driver.escapeQueryWithParameters(
            `DELETE FROM ${table} WHERE expires_at < CAST(:now AS bigint) AND blocked_until < CAST(:now AS bigint)`,
            { now },
          ),
        ),
      { singleWrite: true },
    );
  }

  private table(): string {
    const { tablePath } = this.dataSource.getMetadata(RateLimit);
    return tablePath
      .split('.')
      .map((part) => this.dataSource.driver.escape(part))
      .join('.');
  }
}

/** A fixed-length key that keeps client ids, user names and addresses out of the table. */
export function counterKey(key: string, throttlerName: string): string {
  return hash('sha256', `${throttlerName}\0${key}`, 'hex');
}

/** The record of a counter row, or undefined when its window and block are over. */
function current(row: RateLimit | undefined, now: number): ThrottlerStorageRecord | undefined {
  if (!row || (row.expiresAt <= now && row.blockedUntil <= now)) return undefined;
  return record(
    {
      hits: row.expiresAt <= now ? 0 : row.hits,
      expires_at: row.expiresAt,
      blocked_until: row.blockedUntil,
    },
    now,
  );
}

function record(row: CounterRow, now: number): ThrottlerStorageRecord {
  const blockedUntil = Number(row.blocked_until);
  return {
    totalHits: Number(row.hits),
    timeToExpire: Math.max(0, Math.ceil((Number(row.expires_at) - now) / 1000)),
    isBlocked: blockedUntil > now,
    timeToBlockExpire: Math.max(0, Math.ceil((blockedUntil - now) / 1000)),
  };
}
