import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { printableMessage } from '../redact-credentials.js';
import { DemoSeeder } from '../seed/demo-seeder.js';
import { isTransientDatabaseError } from './connection-errors.js';

/** Any fixed number: instances of the sample app take this PostgreSQL advisory lock to migrate one at a time. */
const MIGRATION_LOCK = 7_264_400_001;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 2000;

/** What `DatabaseStartup.start()` does besides opening and migrating the database. */
export interface DatabaseStartOptions {
  /**
   * Seed the demo data for the app served at this URL (or register its `/callback` on the demo client already
   * there). Absent: no demo data; the demo's passwords are public, so only a database meant for the demo gets it.
   */
  demoBaseUrl?: string;
}

/**
 * Opens the database in the background when the app was created with `waitForDatabase`: the server listens at
 * once, answers 503 until the database is reachable, migrated and (when asked) seeded, and keeps retrying while
 * PostgreSQL is down or starting. Anything else (bad credentials, no such database, a failing migration) rejects
 * `start()`. What it logs never shows the credentials of a URL.
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

  /**
   * Connects (retrying), migrates and seeds the demo data when `demoBaseUrl` is given; resolves when ready, rejects
   * on a permanent failure. Idempotent: a second call returns the first one's promise.
   */
  start({ demoBaseUrl }: DatabaseStartOptions = {}): Promise<void> {
    if (!this.starting) {
      this.state = 'starting';
      this.starting = this.connect(demoBaseUrl).then(() => {
        this.state = 'ready';
      });
    }
    return this.starting;
  }

  onApplicationShutdown(): void {
    this.stopped.abort();
  }

  private async connect(demoBaseUrl: string | undefined): Promise<void> {
    const startedAt = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.dataSource.isInitialized) await this.dataSource.initialize();
        await this.migrateAndSeed(demoBaseUrl);
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
            `Database unavailable (${printableMessage(error)}); answering 503 and retrying`,
          );
        }
        await sleep(delay, undefined, { signal: this.stopped.signal });
      }
    }
  }

  /** Migrations and the demo seed, one instance at a time on PostgreSQL so instances can start together. */
  private async migrateAndSeed(demoBaseUrl: string | undefined): Promise<void> {
    const work = async () => {
      await this.dataSource.runMigrations({ transaction: 'each' });
      if (demoBaseUrl !== undefined) await this.seeder.seed(demoBaseUrl);
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
