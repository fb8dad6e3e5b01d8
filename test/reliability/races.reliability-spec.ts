import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { CodeSource, runBuiltCli } from './support/code-source.js';
import { codeId, count, invariantViolations, postgresProbe, tokenRow } from './support/db-probe.js';
import { Figures } from './support/figures.js';
import {
  demoRedirectUri,
  fireTogether,
  send,
  tally,
  tokenRequest,
  type Outcome,
  type Tally,
} from './support/http-burst.js';
import {
  postgresTarget,
  preparePostgres,
  releasePostgres,
  sqliteTarget,
  type RaceTarget,
} from './support/race-target.js';
import { SampleProcess } from './support/sample-process.js';
import { runCli } from '../../sample-app/cli/run-cli.js';

const REQUEST_TIMEOUT_MS = 15_000;
/**
 * DB_TIMEOUT_MS of the race servers: no outage happens here, and a long lock_timeout (40 %) gives the at-commit races
 * room to hold a row lock until both requests wait on it, however loaded the machine.
 */
const RACE_DB_TIMEOUT_MS = 20_000;
/** How long the at-commit races wait for both requests to block (well under the servers' lock_timeout). */
const LOCK_WAIT_MS = 5000;
const R1_RACES = 20;
const R1_REQUESTS = 50;
const R2_RACES = 10;
const R2_REQUESTS = 20;
/** The Redis that R5's processes share (.ci/run starts it). */
const REDIS_URL = process.env.RELIABILITY_REDIS_URL ?? 'redis://127.0.0.1:6379';

const figures = new Figures('races');
afterAll(() => figures.write());
afterAll(() => releasePostgres(), 30_000);
preparePostgres();

const cleanTally = (requests: number, ok: number): Tally => ({
  requests,
  ok,
  invalidGrant: requests - ok,
  unavailable: 0,
  serverErrors: 0,
  otherClientErrors: 0,
  noAnswer: 0,
});

describe.each([
  { db: 'sqlite', processes: 1, open: () => sqliteTarget(RACE_DB_TIMEOUT_MS) },
  { db: 'postgres', processes: 3, open: () => postgresTarget(3, RACE_DB_TIMEOUT_MS) },
])('races on $db, $processes sample-app process(es)', ({ db, open }) => {
  let target: RaceTarget;
  let codes: CodeSource;
  /** Every 200 token response of this suite: the stored token rows must number exactly this. */
  let issued = 0;
  const r1CodeIds: number[] = [];

  const at = (i: number) => target.apps[i % target.apps.length].baseUrl;
  const post = async (i: number, params: Record<string, string>): Promise<Outcome> => {
    const outcome = await send(tokenRequest(at(i), params), REQUEST_TIMEOUT_MS);
    if (outcome.status === 200) issued++;
    return outcome;
  };
  const redeem = async (code: string) => {
    const outcome = await post(0, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: demoRedirectUri(target.apps[0]),
    });
    expect(outcome.status).toBe(200);
    return outcome.body as { access_token: string; refresh_token: string };
  };
  const expectSound = async () => expect(await invariantViolations(target.probe)).toEqual({});

  beforeAll(async () => {
    target = await open();
    codes = await CodeSource.open(target.databaseUrl, demoRedirectUri(target.apps[0]));
  }, 120_000);
  afterAll(async () => {
    await codes?.close();
    await target?.teardown();
  }, 60_000);

  it(`R1: ${R1_REQUESTS} concurrent redemptions of one code, ${R1_RACES} times: one 200, the rest invalid_grant`, async () => {
    let sum = cleanTally(0, 0);
    let slowest = 0;
    let revokedWinners = 0;
    for (let race = 0; race < R1_RACES; race++) {
      const code =
        race === 0 && db === 'postgres' ? await codes.fromBuiltCli() : await codes.issue();
      const requests = Array.from({ length: R1_REQUESTS }, (_, i) =>
        tokenRequest(at(i), {
          grant_type: 'authorization_code',
          code,
          redirect_uri: demoRedirectUri(target.apps[0]),
        }),
      );
      const outcomes = await fireTogether(requests, REQUEST_TIMEOUT_MS);
      const counts = tally(outcomes);
      expect({ race, ...counts }).toEqual({ race, ...cleanTally(R1_REQUESTS, 1) });
      issued += counts.ok;
      const id = await codeId(target.probe, code);
      r1CodeIds.push(id);
      const sql = 'SELECT COUNT(*) AS n FROM oauth2_access_token WHERE code_id = $1';
      expect(await count(target.probe, sql, [id])).toBe(counts.ok);
      // Every duplicate revokes, before or after the winner's commit: no token of the code stays live.
      const live = await count(target.probe, `${sql} AND revoked_at IS NULL`, [id]);
      expect({ race, live }).toEqual({ race, live: 0 });
      await expectSound();
      revokedWinners += await count(target.probe, `${sql} AND revoked_at IS NOT NULL`, [id]);
      sum = addTallies(sum, counts);
      slowest = Math.max(slowest, ...outcomes.map((o) => o.ms));
    }
    figures.add({
      db,
      scenario: `R1 code x${R1_REQUESTS}`,
      races: R1_RACES,
      ...sum,
      slowestMs: slowest,
      revokedAfterRace: revokedWinners,
    });
  }, 120_000);

  it(`R2: ${R2_REQUESTS} concurrent refreshes of one refresh token, ${R2_RACES} times: one 200, the rest invalid_grant`, async () => {
    let sum = cleanTally(0, 0);
    let slowest = 0;
    let revokedFamilies = 0;
    for (let race = 0; race < R2_RACES; race++) {
      const first = await redeem(await codes.issue());
      const { family_id: familyId } = await tokenRow(target.probe, first.access_token);
      const requests = Array.from({ length: R2_REQUESTS }, (_, i) =>
        tokenRequest(at(i), { grant_type: 'refresh_token', refresh_token: first.refresh_token }),
      );
      const outcomes = await fireTogether(requests, REQUEST_TIMEOUT_MS);
      const counts = tally(outcomes);
      expect({ race, ...counts }).toEqual({ race, ...cleanTally(R2_REQUESTS, 1) });
      issued += counts.ok;
      const family = 'SELECT COUNT(*) AS n FROM oauth2_access_token WHERE family_id = $1';
      expect(await count(target.probe, family, [familyId])).toBe(1 + counts.ok);
      // Every duplicate revokes, before or after the winner's commit: no member of the chain stays live.
      const live = await count(target.probe, `${family} AND revoked_at IS NULL`, [familyId]);
      expect({ race, live }).toEqual({ race, live: 0 });
      await expectSound();
      if ((await count(target.probe, `${family} AND revoked_at IS NOT NULL`, [familyId])) > 0) {
        revokedFamilies++;
      }
      sum = addTallies(sum, counts);
      slowest = Math.max(slowest, ...outcomes.map((o) => o.ms));
    }
    figures.add({
      db,
      scenario: `R2 refresh x${R2_REQUESTS}`,
      races: R2_RACES,
      ...sum,
      slowestMs: slowest,
      revokedAfterRace: revokedFamilies,
    });
  }, 120_000);

  it('R3: replaying a rotated-out refresh token revokes the family, newest refresh and access token included', async () => {
    const first = await redeem(await codes.issue());
    const rotated = await post(1, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(rotated.status).toBe(200);
    const newest = rotated.body as { access_token: string; refresh_token: string };
    const { family_id: familyId } = await tokenRow(target.probe, newest.access_token);

    const replay = await post(2, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect([replay.status, replay.error]).toEqual([400, 'invalid_grant']);
    const next = await post(0, {
      grant_type: 'refresh_token',
      refresh_token: newest.refresh_token,
    });
    expect([next.status, next.error]).toEqual([400, 'invalid_grant']);
    const api = await fetch(`${at(1)}/api/email`, {
      headers: { authorization: `Bearer ${newest.access_token}` },
    });
    expect(api.status).toBe(401);
    expect(
      await count(
        target.probe,
        'SELECT COUNT(*) AS n FROM oauth2_access_token WHERE family_id = $1 AND revoked_at IS NULL',
        [familyId],
      ),
    ).toBe(0);
    await expectSound();
    figures.add({ db, scenario: 'R3 sequential replay', requests: 4, ok: 2, invalidGrant: 2 });
  });

  if (db === 'postgres') {
    /**
     * Holds the row lock of the code or refresh token while two requests to two processes validate and block on
     * their UPDATE (on PostgreSQL within the statement that also stores the token), then lets them go: both passed validation, so the loser can only fail at commit.
     */
    const raceAtCommit = async (table: string, rowId: number, params: Record<string, string>) => {
      const locker = await postgresProbe(target.databaseUrl);
      try {
        await locker.all('BEGIN');
        await locker.all(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [rowId]);
        const pending = [0, 1].map((i) => send(tokenRequest(at(i), params), REQUEST_TIMEOUT_MS));
        const deadline = Date.now() + LOCK_WAIT_MS;
        let waiting = 0;
        while (Date.now() < deadline) {
          // Not on `locker`: inside its transaction pg_stat_activity is a snapshot taken once.
          waiting = await count(
            target.probe,
            `SELECT COUNT(*) AS n FROM pg_stat_activity
             WHERE datname = current_database() AND state = 'active'
             AND wait_event_type = 'Lock' AND query LIKE '%UPDATE %'`,
          );
          if (waiting >= 2) break;
          await sleep(20);
        }
        await locker.all('COMMIT');
        const outcomes = await Promise.all(pending);
        issued += outcomes.filter((o) => o.status === 200).length;
        expect(waiting).toBe(2);
        return tally(outcomes);
      } finally {
        await locker.close();
      }
    };

    it("R1 at commit: the loser of a code race revokes the winner's token, as a replay does", async () => {
      const code = await codes.issue();
      const id = await codeId(target.probe, code);
      const counts = await raceAtCommit('oauth2_code', id, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: demoRedirectUri(target.apps[0]),
      });
      expect(counts).toEqual(cleanTally(2, 1));
      const rows = 'SELECT COUNT(*) AS n FROM oauth2_access_token WHERE code_id = $1';
      expect(await count(target.probe, rows, [id])).toBe(1);
      expect(await count(target.probe, `${rows} AND revoked_at IS NULL`, [id])).toBe(0);
      await expectSound();
      figures.add({ db, scenario: 'R1 loser at commit', races: 1, ...counts, revokedAfterRace: 1 });
    });

    it('R2 at commit: the loser of a refresh race revokes the chain, the new refresh token included', async () => {
      const first = await redeem(await codes.issue());
      const row = await tokenRow(target.probe, first.access_token);
      const counts = await raceAtCommit('oauth2_access_token', row.id, {
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
      });
      expect(counts).toEqual(cleanTally(2, 1));
      const family = 'SELECT COUNT(*) AS n FROM oauth2_access_token WHERE family_id = $1';
      expect(await count(target.probe, family, [row.family_id])).toBe(2);
      expect(await count(target.probe, `${family} AND revoked_at IS NULL`, [row.family_id])).toBe(
        0,
      );
      await expectSound();
      figures.add({ db, scenario: 'R2 loser at commit', races: 1, ...counts, revokedAfterRace: 1 });
    });
  }

  it('R4: failed client authentications spread round-robin over the processes share one budget', async () => {
    // The sample app's default budget: 10 failures of one client_id from one address, then 429.
    const guess = `Basic ${Buffer.from('r4-guessed-client:not-the-secret').toString('base64')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const request = tokenRequest(at(i), { grant_type: 'client_credentials' });
      request.headers.authorization = guess;
      statuses.push((await send(request, REQUEST_TIMEOUT_MS)).status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(5).fill(429)]);
  });

  (db === 'postgres' ? it : it.skip)(
    'R5: failed client authentications spread round-robin over three processes on one Redis share one budget',
    async () => {
      // Three more processes on the same database, their counters in Redis under a key prefix of this run only.
      const keyPrefix = `oauth2:r5:${process.pid}:${Date.now()}:`;
      const redisApps: SampleProcess[] = [];
      const redis = new Redis(REDIS_URL, { lazyConnect: true });
      const rateLimitRows = 'SELECT COUNT(*) AS n FROM oauth2_rate_limit';
      const rowsBefore = await count(target.probe, rateLimitRows);
      try {
        redisApps.push(
          ...(await Promise.all(
            Array.from({ length: 3 }, () =>
              SampleProcess.start({
                databaseUrl: target.databaseUrl,
                dbTimeoutMs: RACE_DB_TIMEOUT_MS,
                env: { REDIS_URL, REDIS_KEY_PREFIX: keyPrefix },
              }),
            ),
          )),
        );
        await Promise.all(redisApps.map((app) => app.waitForHealth(200)));
        const guessing = (clientId: string, i: number) => {
          const request = tokenRequest(redisApps[i % redisApps.length].baseUrl, {
            grant_type: 'client_credentials',
          });
          request.headers.authorization = `Basic ${Buffer.from(`${clientId}:not-the-secret`).toString('base64')}`;
          return request;
        };
        // One at a time, as R4: the 11th failure is refused, wherever it lands.
        const statuses: number[] = [];
        for (let i = 0; i < 15; i++) {
          statuses.push((await send(guessing('r5-guessed-client', i), REQUEST_TIMEOUT_MS)).status);
        }
        expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(5).fill(429)]);
        // All at once: each failure is one atomic script, so exactly the budget gets through however they interleave.
        const burst = await fireTogether(
          Array.from({ length: 30 }, (_, i) => guessing('r5-burst-client', i)),
          REQUEST_TIMEOUT_MS,
        );
        const burstStatuses = burst.map((outcome) => outcome.status);
        expect({
          401: burstStatuses.filter((status) => status === 401).length,
          429: burstStatuses.filter((status) => status === 429).length,
        }).toEqual({ 401: 10, 429: 20 });
        // The counters were in Redis, not in the database.
        const keys = await redis.keys(`${keyPrefix}*`);
        expect(keys.filter((key) => key.endsWith(':blocked'))).toHaveLength(2);
        expect(await count(target.probe, rateLimitRows)).toBe(rowsBefore);
      } finally {
        await Promise.all(redisApps.map((app) => app.stop()));
        const keys = await redis.keys(`${keyPrefix}*`).catch(() => []);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      }
    },
    120_000,
  );

  it('every stored token row was answered with a 200 (no orphans)', async () => {
    expect(await count(target.probe, 'SELECT COUNT(*) AS n FROM oauth2_access_token')).toBe(issued);
  });

  it('purge-expired (the CLI) deletes expired codes and dead tokens in batches, nothing else', async () => {
    const ids = r1CodeIds.join(',');
    await target.probe.all(`UPDATE oauth2_code SET expires_at = 1 WHERE id IN (${ids})`);
    await target.probe.all(
      `UPDATE oauth2_access_token SET expires_at = 1, refresh_expires_at = 1 WHERE code_id IN (${ids})`,
    );
    const before = await count(target.probe, 'SELECT COUNT(*) AS n FROM oauth2_access_token');
    const args = ['purge-expired', '--batch-size', '7'];
    const purged =
      db === 'postgres'
        ? await runBuiltCli(target.databaseUrl, args)
        : await runCli(args, { DATABASE_URL: target.databaseUrl });
    expect(purged).toEqual({
      codes: R1_RACES,
      tokens: R1_RACES,
      macNonces: 0,
      usedJtis: 0,
      signingKeys: 0,
    });
    expect(await count(target.probe, 'SELECT COUNT(*) AS n FROM oauth2_access_token')).toBe(
      before - R1_RACES,
    );
    await expectSound();
  }, 60_000);
});

function addTallies(a: Tally, b: Tally): Tally {
  return Object.fromEntries(
    Object.entries(a).map(([key, value]) => [key, value + b[key as keyof Tally]]),
  ) as unknown as Tally;
}
