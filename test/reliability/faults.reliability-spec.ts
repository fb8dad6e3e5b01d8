import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { CodeSource } from './support/code-source.js';
import { invariantViolations, postgresProbe } from './support/db-probe.js';
import { FIGURES_DIR, Figures } from './support/figures.js';
import { demoRedirectUri, send, tokenRequest } from './support/http-burst.js';
import {
  firstOkAfter,
  loadFigures,
  startLoad,
  type FaultWindow,
  type LoadFigures,
  type LoadSample,
} from './support/load.js';
import { ThrowawayCluster } from './support/pg-cluster.js';
import { SampleProcess } from './support/sample-process.js';

/** The sample app's default DB_TIMEOUT_MS: the bound every answer must keep during an outage. */
const BOUND_MS = 5000;
/** Scheduling slack on a 2-core machine running PostgreSQL, three servers and the load. */
const MARGIN_MS = 2000;
const WORKERS = 50;
const PROCESSES = 3;
/**
 * How long the load goes on after a fault for every process to answer 200 again; recovery takes well under a second
 * on an idle machine. The load runs until then (plus TAIL_MS), not for a fixed time: on a loaded machine applying a
 * fault (a restart, three kills) takes up to 11 s, which once left no load after the fault to recover with.
 */
const RECOVERY_LIMIT_MS = 30_000;
/** The load goes on this long after every process recovered, so that a relapse would show. */
const TAIL_MS = 3000;

const figures = new Figures('faults');
afterAll(() => figures.write());

describe(`faults on a throwaway PostgreSQL cluster: ${PROCESSES} processes, ${WORKERS} concurrent clients`, () => {
  let cluster: ThrowawayCluster;
  let apps: SampleProcess[] = [];
  let pids: number[] = [];
  const database = `reliability_${process.pid}`;
  const databaseUrl = () => cluster.url(database);
  /** Each worker's refresh-token chain, carried from fault to fault. */
  const chains: (string | undefined)[] = [];

  /** Each process's connections carry its own application_name, so SQL can tell them apart. */
  const applicationName = (index: number) => `reliability_app_${index}`;
  const startApps = async () => {
    apps = await Promise.all(
      Array.from({ length: PROCESSES }, (_, index) =>
        SampleProcess.start({
          databaseUrl: `${databaseUrl()}?application_name=${applicationName(index)}`,
        }),
      ),
    );
    pids = apps.map((app) => app.pid);
  };
  const stopApps = () => Promise.all(apps.map((app) => app.stop()));

  /**
   * Starts the load, applies `fault` after `leadMs`, and keeps the load on until every process has answered 200
   * since the fault ended (at most RECOVERY_LIMIT_MS), then TAIL_MS more; returns the figures.
   */
  const underLoad = async (
    name: string,
    leadMs: number,
    fault: () => Promise<void>,
  ): Promise<LoadFigures> => {
    const chainsBefore = chains.filter(Boolean).length;
    const load = startLoad({
      apps,
      chains,
      maxDurationMs: 300_000,
      requestTimeoutMs: BOUND_MS + MARGIN_MS,
    });
    await sleep(leadMs);
    const window: FaultWindow = { start: performance.now(), end: 0 };
    try {
      await fault();
    } finally {
      window.end = performance.now();
    }
    const recoverBy = window.end + RECOVERY_LIMIT_MS;
    while (
      firstOkAfter(load.samples, window.end, apps.length).includes(null) &&
      performance.now() < recoverBy
    ) {
      await sleep(100);
    }
    await sleep(TAIL_MS);
    const samples = await load.stop();
    writeSamples(name, samples, window);
    return {
      ...loadFigures(samples, window, apps.length),
      faultMs: window.end - window.start,
      chainsLost: chainsBefore - chains.filter(Boolean).length,
    };
  };

  /** Every answer but 200, timed from the start of the fault, for the post-mortem of a failed run. */
  const writeSamples = (name: string, samples: readonly LoadSample[], window: FaultWindow) => {
    mkdirSync(FIGURES_DIR, { recursive: true });
    writeFileSync(
      join(FIGURES_DIR, `faults-${name}-samples.json`),
      JSON.stringify(
        {
          faultMs: window.end - window.start,
          notOk: samples
            .filter((s) => s.status !== 200)
            .map((s) => ({
              at: Math.round(s.startedAt - window.start),
              ms: Math.round(s.ms),
              status: s.status,
              error: s.error ?? s.failure,
              cause: s.cause,
              kind: s.kind,
              app: apps[s.app].port,
            })),
        },
        null,
        1,
      ),
    );
  };

  /** What every fault must leave true: the same live processes, no blame, no 500, no hang, sound rows. */
  const expectServiceKept = async (name: string, result: LoadFigures) => {
    figures.add({ fault: name, ...result });
    const died = apps.filter((app) => app.exit);
    if (died.length) {
      throw new Error(
        `Sample app(s) died: ${died.map((app) => `${app.pid} ${JSON.stringify(app.exit)}\n${app.logTail()}`).join('\n')}`,
      );
    }
    expect(apps.map((app) => app.pid)).toEqual(pids);
    expect({
      serverErrors: result.serverErrors,
      clientErrors: result.clientErrors,
      noAnswer: result.noAnswer,
      malformed503: result.malformed503,
    }).toEqual({ serverErrors: 0, clientErrors: 0, noAnswer: 0, malformed503: 0 });
    expect(result.chainsLost).toBe(0);
    expect(result.slowestMs).toBeLessThanOrEqual(BOUND_MS + MARGIN_MS);
    if (result.recoveryMs === null) {
      throw new Error(
        `Not every process answered 200 within ${RECOVERY_LIMIT_MS} ms of the fault's end:\n${apps.map((app) => `${app.port}:\n${app.logTail(10)}`).join('\n')}`,
      );
    }
    const probe = await postgresProbe(databaseUrl());
    try {
      expect(await invariantViolations(probe)).toEqual({});
    } finally {
      await probe.close();
    }
  };

  beforeAll(async () => {
    cluster = await ThrowawayCluster.create('faults');
    await cluster.query(`CREATE DATABASE "${database}"`);
    await startApps();
    await Promise.all(apps.map((app) => app.waitForHealth(200)));
    const codes = await CodeSource.open(databaseUrl(), demoRedirectUri(apps[0]));
    try {
      for (let worker = 0; worker < WORKERS; worker++) {
        const code = await codes.issue();
        const redeemed = await send(
          tokenRequest(apps[worker % apps.length].baseUrl, {
            grant_type: 'authorization_code',
            code,
            redirect_uri: demoRedirectUri(apps[0]),
          }),
          BOUND_MS,
        );
        expect(redeemed.status).toBe(200);
        chains.push(String(redeemed.body?.refresh_token));
      }
    } finally {
      await codes.close();
    }
  }, 180_000);
  afterAll(async () => {
    await stopApps();
    await cluster?.drop();
  }, 60_000);

  it('F1: PostgreSQL restarted under load', async () => {
    const result = await underLoad('F1', 3000, () => cluster.restart());
    expect(result.unavailable).toBeGreaterThan(0);
    await expectServiceKept('F1 restart', result);
  });

  it('F2: every backend connection of the apps killed, three times, under load', async () => {
    const result = await underLoad('F2', 3000, async () => {
      for (let kill = 0; kill < 3; kill++) {
        if (kill > 0) await sleep(1500);
        await cluster.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = '${database}' AND pid <> pg_backend_pid()`,
        );
      }
    });
    await expectServiceKept('F2 kill backends', result);
  });

  it('F2 idle: killing idle pooled connections costs no request and no process', async () => {
    // F2's last kill may come after its load: first give every process a pooled connection, then wait (bounded)
    // until each has one idle, so that every process loses one.
    const warmUp = await Promise.all(
      apps.map((app) =>
        send(tokenRequest(app.baseUrl, { grant_type: 'client_credentials' }), BOUND_MS),
      ),
    );
    expect(warmUp.map((answer) => answer.status)).toEqual(apps.map(() => 200));
    const idleOf = `FROM pg_stat_activity WHERE datname = '${database}' AND state = 'idle'
                    AND application_name LIKE 'reliability_app_%'`;
    const everyAppIdleBy = Date.now() + 10_000;
    let idle: string[] = [];
    while (idle.length < apps.length && Date.now() < everyAppIdleBy) {
      idle = (await cluster.query(`SELECT DISTINCT application_name AS name ${idleOf}`)).rows.map(
        (row: { name: string }) => row.name,
      );
      if (idle.length < apps.length) await sleep(100);
    }
    const killed = await cluster.query(
      `WITH idle AS MATERIALIZED (SELECT pid, application_name ${idleOf})
       SELECT DISTINCT application_name AS name FROM idle WHERE pg_terminate_backend(pid)`,
    );
    expect(killed.rows.map((row: { name: string }) => row.name).sort()).toEqual(
      apps.map((_, index) => applicationName(index)),
    );
    await sleep(500);
    const answers = await Promise.all(
      apps.map((app) =>
        send(tokenRequest(app.baseUrl, { grant_type: 'client_credentials' }), BOUND_MS),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(apps.map(() => 200));
    expect(apps.map((app) => [app.pid, app.exit])).toEqual(pids.map((pid) => [pid, null]));
    figures.add({ fault: 'F2 idle kill', requests: answers.length, ok: answers.length });
  });

  it('F4: a table lock held longer than the bound answers 503 within the bound', async () => {
    const holdMs = BOUND_MS + 3000;
    const result = await underLoad('F4', 3000, async () => {
      const locker = await cluster.client(database);
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE oauth2_access_token IN ACCESS EXCLUSIVE MODE');
        await sleep(holdMs);
        await locker.query('COMMIT');
      } finally {
        await locker.end();
      }
    });
    expect(result.unavailable).toBeGreaterThan(0);
    await expectServiceKept('F4 table lock', result);
  });

  it('F3: PostgreSQL down when the apps start: they listen, answer 503, then open the database alone', async () => {
    await stopApps();
    await cluster.stop();
    await startApps();
    for (const app of apps) expect(await app.waitForHealth(503, 10_000)).toBeLessThan(10_000);
    const result = await underLoad('F3', 5000, () => cluster.start());
    expect(result.unavailable).toBeGreaterThan(0);
    await expectServiceKept('F3 down at start', result);
  });
});
