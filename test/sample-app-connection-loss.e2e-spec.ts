import { afterEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../sample-app/database/database-options.js';
import { isDatabaseUnavailable } from '../src/persistence/database-errors.js';
import { HoldingProxy } from './support/holding-proxy.js';
import { testDatabaseOptions } from './support/database.js';

const options = testDatabaseOptions();
const onPostgres = options.type === 'postgres';

/**
 * The fault suite's F2 once ended sample-app processes under load with an unhandled `error` event: a pooled query's
 * last message and PostgreSQL's FATAL (`pg_terminate_backend`) came in one read, and pg-pool had handed the
 * connection to a waiting TypeORM query runner, which adds its `error` listener a promise turn later. This test
 * makes that read happen on purpose, through a proxy that holds the server's bytes and delivers them at once.
 */
(onPostgres ? describe : describe.skip)(
  'a connection lost while it changes hands (PostgreSQL)',
  () => {
    let proxy: HoldingProxy | undefined;
    let dataSource: DataSource | undefined;
    let admin: pg.Client | undefined;

    afterEach(async () => {
      await dataSource?.destroy().catch(() => undefined);
      await admin?.end();
      await proxy?.close();
    });

    it('costs the waiting query a 503-class error, never the process', async () => {
      const target = new URL(String((options as { url: string }).url));
      proxy = await HoldingProxy.start(target.hostname, Number(target.port || 5432));
      const viaProxy = new URL(target);
      viaProxy.host = `127.0.0.1:${proxy.port}`;
      const applicationName = `connection_loss_${process.pid}`;
      // A long bound, so that the waiting query runner waits for the pool's one connection rather than timing out.
      dataSource = new DataSource({
        ...databaseOptions(viaProxy.toString(), 40_000),
        applicationName,
        poolSize: 1,
      } as ConstructorParameters<typeof DataSource>[0]);
      await dataSource.initialize();
      const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
      expect((await pool.query('SELECT 1 AS warm')).rows).toEqual([{ warm: 1 }]);

      proxy.hold();
      const pooled = pool.query('SELECT 1 AS a');
      const waiting = dataSource.query('SELECT 2 AS b').then(
        () => undefined,
        (error: unknown) => error,
      );
      admin = new pg.Client({ connectionString: target.toString() });
      await admin.connect();
      // The pooled query is done on the server (its answer held by the proxy): now end that backend.
      const deadline = Date.now() + 10_000;
      let terminated = false;
      while (!terminated && Date.now() < deadline) {
        const { rows } = await admin.query<{ done: boolean }>(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
         WHERE application_name = $1 AND state = 'idle' AND query = 'SELECT 1 AS a'`,
          [applicationName],
        );
        terminated = rows.length === 1 && rows[0].done;
        if (!terminated) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(terminated).toBe(true);
      await proxy.deliverInOneReadAndClose();

      expect((await pooled).rows).toEqual([{ a: 1 }]);
      const lost = await waiting;
      expect(lost).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(lost)).toBe(true);
      // The pool dropped the dead connection: the next query gets a new one.
      expect(await dataSource.query('SELECT 3 AS c')).toEqual([{ c: 3 }]);
    });
  },
);
