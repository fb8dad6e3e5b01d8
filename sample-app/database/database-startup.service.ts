import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { DemoSeeder } from '../seed/demo-seeder.js';
import { isTransientDatabaseError } from './connection-errors.js';

/** Any fixed number: instances of the sample app take this PostgreSQL advisory lock to migrate one at a time. */
const MIGRATION_LOCK = 7_264_400_001;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 2000;

/**
 * Opens the database in the background when the app was created with `waitForDatabase`: the server listens at
 * once, answers 503 until the database is reachable, migrated and seeded, and keeps retrying while PostgreSQL is
 * down or starting. Anything else (bad credentials, no such database, a failing migration) rejects `start()`.
 */
@Injectable()
export class DatabaseStartup implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly stopped = new AbortController();
  private starting?: Promise<void>;
  private state: 'idle' | 'starting' | 'ready' = 'idle';

  constructor(
    private readonly dataSource: DataSource,
    private readonly seeder: DemoSeeder,
  ) {}

  /** True once the database can serve requests (at once when the app was created with it open). */
  get isReady(): boolean {
    return this.state !== 'starting' && this.dataSource.isInitialized;
  }

  /** Connects (retrying), migrates and seeds; resolves when ready, rejects on a permanent failure. Idempotent. */
  start(): Promise<void> {
    if (!this.starting) {
      this.state = 'starting';
      this.starting = this.connect().then(() => {
        this.state = 'ready';
      });
    }
    return this.starting;
  }

  onApplicationShutdown(): void {
    this.stopped.abort();
  }

  private async connect(): Promise<void> {
    const startedAt = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.dataSource.isInitialized) await this.dataSource.initialize();
        await this.migrateAndSeed();
        if (attempt > 1) {
          this.logger.log(
            `Database ready after ${attempt} attempts (${Date.now() - startedAt} ms)`,
          );
        }
        return;
      } catch (error) {
        if (this.stopped.signal.aborted || !isTransientDatabaseError(error)) throw error;
        const delay = Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
        if (attempt === 1 || attempt % 10 === 0) {
          this.logger.warn(
            `Database unavailable (${error instanceof Error ? error.message : error}); answering 503 and retrying`,
          );
        }
        await sleep(delay, undefined, { signal: this.stopped.signal });
      }
    }
  }

  /** Migrations and the demo seed, one instance at a time on PostgreSQL so instances can start together. */
  private async migrateAndSeed(): Promise<void> {
    const work = async () => {
      await this.dataSource.runMigrations({ transaction: 'each' });
      await this.seeder.seed();
    };
    if (this.dataSource.options.type !== 'postgres') return work();
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await work();
      } finally {
        // A lost connection has released the lock already; its error must not hide the one that matters.
        await runner
          .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
          .catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }
}
