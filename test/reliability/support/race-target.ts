import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresProbe, sqliteProbe, type DbProbe } from './db-probe.js';
import { ThrowawayCluster } from './pg-cluster.js';
import { SampleProcess } from './sample-process.js';

/** Sample-app servers on one fresh database, a probe on that database, and how to remove it all. */
export interface RaceTarget {
  databaseUrl: string;
  apps: SampleProcess[];
  probe: DbProbe;
  teardown(): Promise<void>;
}

/** One server on a new SQLite file in a temporary directory; `dbTimeoutMs` is its DB_TIMEOUT_MS. */
export async function sqliteTarget(dbTimeoutMs?: number): Promise<RaceTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'oauth2-reliability-'));
  const file = join(dir, 'oauth2.sqlite');
  const databaseUrl = `sqlite:${file}`;
  const apps = [await SampleProcess.start({ databaseUrl, dbTimeoutMs })];
  await apps[0].waitForHealth(200);
  const probe = await sqliteProbe(file);
  return {
    databaseUrl,
    apps,
    probe,
    teardown: async () => {
      await probe.close();
      await Promise.all(apps.map((app) => app.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The PostgreSQL server the races use: RELIABILITY_PG_URL's, or a throwaway cluster of this run. */
interface PostgresServer {
  adminUrl: string;
  cluster?: ThrowawayCluster;
}

let server: Promise<PostgresServer> | undefined;

/**
 * Starts getting the PostgreSQL server ready (creating a throwaway cluster takes seconds), so a suite can do other
 * work meanwhile; `postgresTarget` waits for it.
 */
export function preparePostgres(): void {
  if (server) return;
  const url = process.env.RELIABILITY_PG_URL;
  server = url
    ? Promise.resolve({ adminUrl: url })
    : ThrowawayCluster.create('races').then((cluster) => ({ adminUrl: cluster.url(), cluster }));
  server.catch(() => undefined); // reported when postgresTarget awaits it
}

/** Drops a throwaway cluster that `preparePostgres` made and no target took (a filtered run). */
export async function releasePostgres(): Promise<void> {
  const pending = server;
  server = undefined;
  const unused = await pending?.catch(() => undefined);
  await unused?.cluster?.drop();
}

/**
 * `processes` servers started together on a new database `reliability_<pid>_<n>`: on the server of
 * RELIABILITY_PG_URL when set, else on a throwaway cluster of this run. Never skipped: an unreachable PostgreSQL
 * fails the suite.
 */
export async function postgresTarget(processes: number, dbTimeoutMs?: number): Promise<RaceTarget> {
  preparePostgres();
  const { adminUrl, cluster } = await server!;
  server = undefined;
  const database = `reliability_${process.pid}_${Date.now() % 100_000}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const apps: SampleProcess[] = [];
  try {
    apps.push(
      ...(await Promise.all(
        Array.from({ length: processes }, () => SampleProcess.start({ databaseUrl, dbTimeoutMs })),
      )),
    );
    await Promise.all(apps.map((app) => app.waitForHealth(200)));
  } catch (error) {
    await Promise.all(apps.map((app) => app.stop()));
    throw error;
  }
  const probe = await postgresProbe(databaseUrl);
  return {
    databaseUrl,
    apps,
    probe,
    teardown: async () => {
      await probe.close();
      await Promise.all(apps.map((app) => app.stop()));
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
      await cluster?.drop();
    },
  };
}
