import { scrypt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEMO_CLIENT, DEMO_USER } from '../sample-app/seed/demo-data.js';
import {
  createBenchDatabase,
  dropBenchDatabases,
  postgresAvailable,
  seedPool,
  type BenchDb,
  type PoolKind,
} from './lib/databases.js';
import { runLoad, type LoadResult } from './lib/load.js';
import { profileTokenPath } from './lib/profile.js';
import {
  reportMarkdown,
  reportSvg,
  rowsTable,
  type Report,
  type Row,
  type Target,
} from './lib/report.js';
import {
  resourceRequest,
  type ResourceRequest,
  type ResourceVariant,
} from './lib/resource-scenario.js';
import { startServer, type BenchServer, type ServerKind } from './lib/servers.js';
import type { ChildStats } from './lib/child.js';

/**
 * `npm run bench [-- --quick | --profile[=db[:scenario[:server]]]] [--only=scenario[:db],...]`: starts each server in its own process on
 * 127.0.0.1, loads them in alternating rounds with autocannon and writes bench/results/latest.{md,svg,json}.
 */

type Scenario =
  'client_credentials' | 'refresh_token' | 'authorization_code' | 'password' | 'resource';

interface Plan {
  scenario: Scenario;
  db: BenchDb;
  servers: ServerKind[];
  rounds: number;
}

const ALL: ServerKind[] = [
  'nest-fastify',
  'nest-express',
  'raw',
  'bare-fastify',
  'bare-express',
  'oauth2-server',
];
const GRANTS: ServerKind[] = ['nest-fastify', 'nest-express', 'raw', 'oauth2-server'];
/**
 * The redemption targets compare with the raw client_credentials rate: measured again in the same rounds (`raw-cc`),
 * so that a change in the shared machine's load between scenarios does not move the ratio.
 */
const REDEMPTIONS: ServerKind[] = [...GRANTS, 'raw-cc'];
/** The resource scenario: a GET without a guard, then behind OAuth2Guard with each kind of token (issue 12 §5). */
const RESOURCE_VARIANTS: ResourceVariant[] = [
  'open',
  'allow',
  'open_opaque',
  'open_jwt',
  'open_dpop',
  'opaque',
  'jwt',
  'dpop',
  'mac',
];
const RESOURCE: ServerKind[] = (['fastify', 'express'] as const).flatMap((platform) =>
  RESOURCE_VARIANTS.map((variant) => `resource-${variant}-${platform}` as ServerKind),
);

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONNECTIONS = 16;
/**
 * The password grant is scrypt-bound (tens to hundreds of ms a hash): 4 connections, as many as libuv's thread
 * pool has threads, for longer, without a warm-up whose abandoned requests would still be hashing in the window,
 * and a pause after each server for the requests autocannon abandons at the end.
 */
const PASSWORD = { connections: 4, duration: quick ? 4 : 6, settleMs: 2000 };
const DURATION = quick ? 2 : 4;
const WARMUP = quick ? 0.5 : 1;
/**
 * A server's first measurement of a plan starts after a longer warm-up: until the JIT has compiled its code (on
 * background threads, which the process's CPU time counts), a round costs every server about a third more CPU per
 * token than the next ones.
 */
const FIRST_WARMUP = 3;
const SOAK_TOKENS = quick ? 10_000 : 100_000;
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '../../bench/results');

const AUTH = `Basic ${Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.secret}`).toString('base64')}`;
const HEADERS = { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' };
const REDIRECT = encodeURIComponent(DEMO_CLIENT.redirectUri);
const BODIES: Record<Scenario, string | ((value: string) => string)> = {
  client_credentials: 'grant_type=client_credentials&scope=email',
  refresh_token: (value) => `grant_type=refresh_token&refresh_token=${value}`,
  authorization_code: (value) =>
    `grant_type=authorization_code&code=${value}&redirect_uri=${REDIRECT}`,
  password: `grant_type=password&username=${DEMO_USER.username}&password=${DEMO_USER.password}&scope=email`,
  resource: '',
};

function plans(): Plan[] {
  const full: Plan[] = [];
  for (const db of ['sqlite', 'postgres'] as const) {
    full.push(
      { scenario: 'client_credentials', db, servers: ALL, rounds: db === 'sqlite' ? 3 : 2 },
      { scenario: 'refresh_token', db, servers: db === 'sqlite' ? REDEMPTIONS : GRANTS, rounds: 2 },
      {
        scenario: 'authorization_code',
        db,
        servers: db === 'sqlite' ? REDEMPTIONS : GRANTS,
        rounds: 2,
      },
      { scenario: 'password', db, servers: GRANTS, rounds: 1 },
      // Four rounds: a guard's cost is a few tens of µs, and the shared machine's load moves more than that.
      { scenario: 'resource', db, servers: RESOURCE, rounds: 4 },
    );
  }
  const chosen = quick
    ? [
        { scenario: 'client_credentials', db: 'sqlite', servers: ALL, rounds: 1 },
        { scenario: 'refresh_token', db: 'sqlite', servers: ['nest-fastify', 'raw'], rounds: 1 },
        {
          scenario: 'authorization_code',
          db: 'sqlite',
          servers: ['nest-fastify', 'raw'],
          rounds: 1,
        },
        {
          scenario: 'client_credentials',
          db: 'postgres',
          servers: ['nest-fastify', 'raw'],
          rounds: 1,
        },
        { scenario: 'resource', db: 'sqlite', servers: RESOURCE, rounds: 1 },
      ]
    : full;
  return (chosen as Plan[]).filter(
    (plan) =>
      !only ||
      only.some((o) => {
        const [scenario, db] = o.split(':');
        return scenario === plan.scenario && (!db || db === plan.db);
      }),
  );
}

interface Measurement {
  load: LoadResult;
  stats: ChildStats;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const ccRate = new Map<string, number>();

/** Runs one plan: fresh databases, one process per server, rounds in alternating order. */
/**
 * The kind whose process serves `kind`: the resource scenario's variants differ only in the request, so one process
 * per platform serves them all (measured one at a time, each window's CPU is that variant's).
 */
function processOf(kind: ServerKind): ServerKind {
  return kind.startsWith('resource-')
    ? (kind.replace(/^resource-\w+-/, 'resource-open-') as ServerKind)
    : kind;
}

async function runPlan(plan: Plan, dir: string): Promise<Map<ServerKind, Measurement[]>> {
  const measured = new Map<ServerKind, Measurement[]>();
  const servers = new Map<ServerKind, { server: BenchServer; url: string }>();
  try {
    const urls = new Map<ServerKind, string>();
    const processes = [...new Set(plan.servers.map(processOf))];
    for (const kind of processes) {
      const name = `${plan.scenario}_${kind}`.replace(/-/g, '_');
      urls.set(kind, await createBenchDatabase(plan.db, name, { dir, pgUrl: PG_URL }));
    }
    // Started together (start-up is not measured); one that fails to start fails the plan.
    const started = await Promise.allSettled(
      processes.map(async (kind) => {
        const url = urls.get(kind)!;
        servers.set(kind, { server: await startServer(kind, url), url });
      }),
    );
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const kind of plan.servers) servers.set(kind, servers.get(processOf(kind))!);
    if (plan.scenario === 'resource') {
      // Every variant of a process is warmed before any is measured: they share most of their code, so the first
      // measured would otherwise pay the JIT for all of them.
      for (const kind of plan.servers) {
        await measureResource(kind, servers.get(kind)!.server, 0, FIRST_WARMUP);
        measured.set(kind, []);
      }
    }
    for (let round = 0; round < plan.rounds; round++) {
      const order = rotate(plan.servers, round);
      for (const kind of round % 2 ? [...order].reverse() : order) {
        const { server, url } = servers.get(kind)!;
        const result = await measure(plan, kind, server, url, !measured.has(kind));
        measured.set(kind, [...(measured.get(kind) ?? []), result]);
        log(
          `${plan.scenario}/${plan.db} round ${round + 1} ${kind}: ${result.load.perSecond.toFixed(0)} req/s, p99 ${result.load.p99} ms, non-2xx ${result.load.non2xx}, errors ${result.load.errors}`,
        );
      }
    }
  } finally {
    for (const server of new Set([...servers.values()].map((s) => s.server))) await server.stop();
  }
  return measured;
}

async function measure(
  plan: Plan,
  kind: ServerKind,
  server: BenchServer,
  url: string,
  first: boolean,
): Promise<Measurement> {
  const warmup = first ? FIRST_WARMUP : WARMUP;
  if (plan.scenario === 'resource') return measureResource(kind, server, WARMUP);
  // A pool of single-use credentials big enough for the measurement at this server's client_credentials rate.
  const rate = ccRate.get(`${plan.db}:${kind}`) ?? 10_000;
  const body = await requestBody(
    kind === 'raw-cc' ? 'client_credentials' : plan.scenario,
    url,
    Math.ceil(rate * (DURATION + warmup) * 1.3) + 1000,
  );
  const password = plan.scenario === 'password';
  const load = (duration: number) =>
    runLoad({
      port: server.port,
      path: '/oauth2/token',
      headers: HEADERS,
      body,
      duration,
      connections: password ? PASSWORD.connections : CONNECTIONS,
    });
  if (!password) await load(warmup);
  server.begin();
  const result = await load(password ? PASSWORD.duration : DURATION);
  const stats = await server.end();
  if (password) await new Promise((resolve) => setTimeout(resolve, PASSWORD.settleMs));
  if (plan.scenario === 'client_credentials') ccRate.set(`${plan.db}:${kind}`, result.perSecond);
  return { load: result, stats };
}

/** Per server process, per variant: one process serves every variant, so the variant must be part of the key. */
const resourceRequests = new Map<BenchServer, Map<ResourceVariant, Promise<ResourceRequest>>>();

/** A GET of the resource scenario; the variant's token is fetched once, before its first measurement. */
async function measureResource(
  kind: ServerKind,
  server: BenchServer,
  warmup: number,
  duration = DURATION,
): Promise<Measurement> {
  const variant = kind.split('-')[1] as ResourceVariant;
  const requests =
    resourceRequests.get(server) ?? new Map<ResourceVariant, Promise<ResourceRequest>>();
  resourceRequests.set(server, requests);
  if (!requests.has(variant)) requests.set(variant, resourceRequest(variant, server.port));
  const { path, headers, prepare } = await requests.get(variant)!;
  // Before the window opens: fresh single-use credentials (DPoP proofs) for the load, not counted in it.
  const load = async (duration: number, begin = false) => {
    await prepare?.();
    if (begin) server.begin();
    return runLoad({
      port: server.port,
      method: 'GET',
      path,
      headers,
      duration,
      connections: CONNECTIONS,
    });
  };
  if (warmup > 0) await load(warmup);
  const result = await load(duration, true);
  return { load: result, stats: await server.end() };
}

/** A scenario's request body: fixed, or taken from `poolSize` credentials seeded for it, each used once. */
async function requestBody(
  scenario: Scenario,
  url: string,
  poolSize: number,
): Promise<string | (() => string)> {
  const template = BODIES[scenario];
  if (typeof template === 'string') return template;
  const pool = await seedPool(url, scenario as PoolKind, poolSize);
  let next = 0;
  return () => template(pool[next++ % pool.length]);
}

function rotate<T>(items: T[], by: number): T[] {
  const n = by % items.length;
  return [...items.slice(n), ...items.slice(0, n)];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function summarise(plan: Plan, measured: Map<ServerKind, Measurement[]>): Row[] {
  const rows: Row[] = [];
  for (const kind of plan.servers) {
    const runs = measured.get(kind) ?? [];
    if (runs.length === 0) continue;
    rows.push({
      scenario: plan.scenario,
      db: plan.db,
      kind,
      rounds: runs.length,
      perSecond: runs.reduce((sum, r) => sum + r.load.perSecond, 0) / runs.length,
      p50: median(runs.map((r) => r.load.p50)),
      p99: median(runs.map((r) => r.load.p99)),
      non2xx: runs.reduce((sum, r) => sum + r.load.non2xx, 0),
      errors: runs.reduce((sum, r) => sum + r.load.errors, 0),
      // The median round's: one round disturbed by the shared machine's other work moves a mean by tens of percent.
      cpuMicrosPerToken: median(runs.map((r) => r.stats.cpuMicros / Math.max(r.load.ok, 1))),
      rssMiB: Math.max(...runs.map((r) => r.stats.rss)) / 2 ** 20,
      loopMaxMs: Math.max(...runs.map((r) => r.stats.loopDelayMaxMs)),
    });
  }
  if (plan.scenario === 'resource') {
    // × the unguarded GET on the same platform.
    for (const row of rows) {
      const open = rows.find(
        (r) => r.kind === row.kind.replace(/^resource-\w+-/, 'resource-open-'),
      );
      if (open) row.ratio = row.perSecond / open.perSecond;
    }
    return rows;
  }
  const raw = rows.find((r) => r.kind === 'raw');
  for (const row of rows)
    if (raw && row.kind !== 'raw-cc') row.ratio = row.perSecond / raw.perSecond;
  return rows;
}

/** Bare `crypto.scrypt` at the sample app's cost, as many at a time as the password load: hashes per second. */
async function bareScryptRate(seconds: number): Promise<number> {
  const derive = promisify(scrypt) as (
    password: string,
    salt: string,
    length: number,
    options: object,
  ) => Promise<Buffer>;
  const cost = { N: 2 ** 15, r: 8, p: 1, maxmem: 256 * 2 ** 15 * 8 };
  const end = Date.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (Date.now() < end) {
      await derive(DEMO_USER.password, 'bench-salt-bench', 32, cost);
      done++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: PASSWORD.connections }, worker));
  return done / ((Date.now() - started) / 1000);
}

/** 100,000 client_credentials tokens (10,000 with --quick) from a fresh Fastify sample app: RSS along the way. */
async function soak(dir: string): Promise<string[]> {
  const url = await createBenchDatabase('sqlite', 'soak', { dir, pgUrl: PG_URL });
  const server = await startServer('nest-fastify', url);
  try {
    const samples: [number, number][] = [[0, await server.rss()]];
    let pending = Promise.resolve();
    const load = await runLoad({
      port: server.port,
      path: '/oauth2/token',
      headers: HEADERS,
      body: BODIES.client_credentials as string,
      duration: 0,
      amount: SOAK_TOKENS,
      connections: CONNECTIONS,
      onProgress: (responses) => {
        pending = pending.then(async () => void samples.push([responses, await server.rss()]));
      },
    });
    await pending;
    samples.push([load.ok + load.non2xx, await server.rss()]);
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    const at = (fraction: number) =>
      samples.reduce((best, s) =>
        Math.abs(s[0] - fraction * SOAK_TOKENS) < Math.abs(best[0] - fraction * SOAK_TOKENS)
          ? s
          : best,
      );
    const quarters = [0.25, 0.5, 0.75, 1].map((f) => at(f));
    return [
      `${SOAK_TOKENS} client_credentials tokens from one Fastify sample-app process on SQLite at ${load.perSecond.toFixed(0)} req/s (non-2xx ${load.non2xx}, errors ${load.errors})`,
      `RSS before: ${mib(samples[0][1])} MiB; ${quarters.map(([n, rss]) => `after ${n}: ${mib(rss)} MiB`).join('; ')}`,
      `peak RSS ${mib(Math.max(...samples.map((s) => s[1])))} MiB`,
    ];
  } finally {
    await server.stop();
  }
}

function targets(rows: Row[]): Target[] {
  const find = (scenario: string, db: string, kind: ServerKind) =>
    rows.find((r) => r.scenario === scenario && r.db === db && r.kind === kind)?.perSecond;
  const ratio = (a?: number, b?: number) =>
    a === undefined || b === undefined ? undefined : a / b;
  const target = (
    name: string,
    value: number | undefined,
    min: number,
    strict = false,
    shown?: string,
  ): Target => ({
    name,
    value: value === undefined ? 'n/a' : `${value.toFixed(2)}${shown ? ` (${shown})` : ''}`,
    met: value === undefined ? undefined : strict ? value > min : value >= min,
  });
  const cc = (kind: ServerKind) => find('client_credentials', 'sqlite', kind);
  const rawCc = cc('raw');
  const ccCpu = (kind: ServerKind) =>
    rows.find((r) => r.scenario === 'client_credentials' && r.db === 'sqlite' && r.kind === kind)
      ?.cpuMicrosPerToken;
  const atMost = (
    name: string,
    value: number | undefined,
    max: number,
    shown?: string,
  ): Target => ({
    name,
    value: value === undefined ? 'n/a' : `${value.toFixed(2)}${shown ? ` (${shown})` : ''}`,
    met: value === undefined ? undefined : value <= max,
  });
  // The issue's CPU-per-token targets (≤ 150 µs, stretch ≤ 130 µs, where a bare Nest-on-Fastify controller doing the
  // same checks and INSERT by hand spent 130 µs) were measured on a machine about twice as fast as this one. A
  // microsecond figure holds on one machine only, and moves with the load of a shared one; the ratio to the bare
  // controller, measured in the same rounds, holds on both: 150 / 130 ≈ 1.15 ×, and the stretch 1.0 × (the module
  // costs nothing over hand-written code). The microseconds are printed beside it.
  const ccCpuRatio = ratio(ccCpu('nest-fastify'), ccCpu('bare-fastify'));
  const ccCpuShown = `${ccCpu('nest-fastify')?.toFixed(0)} against ${ccCpu('bare-fastify')?.toFixed(0)} µs per token`;
  const list = [
    atMost(
      'client_credentials, SQLite: Fastify CPU per token ≤ 1.15 × bare Nest-on-Fastify’s (issue: 150 against 130 µs)',
      ccCpuRatio,
      1.15,
      ccCpuShown,
    ),
    atMost(
      'client_credentials, SQLite: Fastify CPU per token ≤ 1.0 × bare Nest-on-Fastify’s (stretch)',
      ccCpuRatio,
      1,
      ccCpuShown,
    ),
    target(
      'client_credentials, SQLite: Fastify ≥ 0.80 × raw',
      ratio(cc('nest-fastify'), rawCc),
      0.8,
    ),
    target(
      'client_credentials, SQLite: Fastify ≥ 1.3 × raw (stretch: group commit)',
      ratio(cc('nest-fastify'), rawCc),
      1.3,
    ),
    target(
      'client_credentials, SQLite: Fastify ≥ 1.8 × @node-oauth/oauth2-server',
      ratio(cc('nest-fastify'), cc('oauth2-server')),
      1.8,
    ),
    target(
      'client_credentials, SQLite: Express ≥ 0.85 × bare Nest-on-Express',
      ratio(cc('nest-express'), cc('bare-express')),
      0.85,
    ),
    target(
      'client_credentials, SQLite: Express > @node-oauth/oauth2-server (ratio)',
      ratio(cc('nest-express'), cc('oauth2-server')),
      1,
      true,
    ),
  ];
  for (const scenario of ['refresh_token', 'authorization_code']) {
    // The raw client_credentials rate measured in the same rounds, else the client_credentials scenario's.
    const reference = find(scenario, 'sqlite', 'raw-cc') ?? rawCc;
    for (const kind of ['nest-fastify', 'nest-express'] as const) {
      list.push(
        target(
          `${scenario}, SQLite, ${kind === 'nest-fastify' ? 'Fastify' : 'Express'}: ≥ 0.5 × raw client_credentials`,
          ratio(find(scenario, 'sqlite', kind), reference),
          0.5,
        ),
      );
    }
  }
  // The resource targets compare server CPU per request, the throughput a CPU-bound server would have: the load
  // generator shares the machine, and for (d) it spends more signing proofs than the server spends checking them, so
  // req/s would measure the load generator.
  const resourceCpu = (db: string, kind: string) =>
    rows.find((r) => r.scenario === 'resource' && r.db === db && r.kind === kind)
      ?.cpuMicrosPerToken;
  for (const db of ['sqlite', 'postgres'] as const) {
    for (const platform of ['fastify', 'express'] as const) {
      const cpu = (variant: ResourceVariant) => resourceCpu(db, `resource-${variant}-${platform}`);
      const where = `resource, ${db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${platform === 'fastify' ? 'Fastify' : 'Express'}`;
      for (const [variant, min, name] of [
        ['jwt', 0.85, 'JWT guard'],
        ['opaque', 0.6, 'opaque guard'],
        ['dpop', 0.5, 'DPoP-bound JWT with a proof'],
      ] as const) {
        const shown = (unguarded: ResourceVariant) =>
          `${cpu(unguarded)?.toFixed(0)} against ${cpu(variant)?.toFixed(0)} µs per request`;
        // Against the same request without the guard (the guard's own cost), and against a GET without any token.
        list.push(
          target(
            `${where}: ${name} ≥ ${min} × the same GET without a guard (server CPU)`,
            ratio(cpu(`open_${variant}`), cpu(variant)),
            min,
            false,
            shown(`open_${variant}`),
          ),
          target(
            `${where}: ${name} ≥ ${min} × a GET without guard or token (server CPU)`,
            ratio(cpu('open'), cpu(variant)),
            min,
            false,
            shown('open'),
          ),
        );
      }
    }
  }
  for (const scenario of ['client_credentials', 'refresh_token', 'authorization_code']) {
    list.push(
      target(
        `${scenario}, PostgreSQL: Fastify ≥ 0.8 × raw pg`,
        ratio(find(scenario, 'postgres', 'nest-fastify'), find(scenario, 'postgres', 'raw')),
        0.8,
      ),
    );
  }
  return list;
}

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const profile = args.find((a) => a === '--profile' || a.startsWith('--profile='));
  if (profile) {
    // --profile[=db[:scenario[:server]]], e.g. --profile=postgres:refresh_token:nest-express
    const [dbArg, scenarioArg, kindArg] = profile.slice('--profile='.length).split(':');
    const db: BenchDb = dbArg === 'postgres' ? 'postgres' : 'sqlite';
    const scenario = (scenarioArg || 'client_credentials') as Scenario;
    const kind = (kindArg || 'nest-fastify') as ServerKind;
    const dir = mkdtempSync(join(tmpdir(), 'oauth2-bench-'));
    try {
      const url = await createBenchDatabase(db, 'profile', { dir, pgUrl: PG_URL });
      const body = await requestBody(scenario, url, 60_000);
      const summary = await profileTokenPath(url, RESULTS, {
        kind,
        scenario,
        headers: HEADERS,
        body,
      });
      const name = [db, scenarioArg && scenario, kindArg && kind].filter(Boolean).join('-');
      writeFileSync(join(RESULTS, `profile-${name}.md`), summary);
      process.stdout.write(summary);
    } finally {
      if (db === 'postgres') await dropBenchDatabases(PG_URL);
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const started = Date.now();
  const load0 = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), 'oauth2-bench-'));
  const pg = await postgresAvailable(PG_URL);
  const notes: string[] = [];
  if (!pg) notes.push(`PostgreSQL at ${PG_URL} did not answer: PostgreSQL scenarios skipped`);
  const rows: Row[] = [];
  const password: string[] = [];
  let memory: string[] = [];
  try {
    if (pg) await dropBenchDatabases(PG_URL);
    for (const plan of plans()) {
      if (plan.db === 'postgres' && !pg) continue;
      let planRows: Row[];
      try {
        planRows = summarise(plan, await runPlan(plan, dir));
      } catch (error) {
        notes.push(
          `${plan.scenario} on ${plan.db} not measured: ${error instanceof Error ? error.message : error}`,
        );
        continue;
      }
      rows.push(...planRows);
      if (plan.scenario === 'password') {
        const bare = await bareScryptRate(PASSWORD.duration);
        password.push(
          `${plan.db}: bare crypto.scrypt (N=2^15, r=8, p=1, ${PASSWORD.connections} at a time) ${bare.toFixed(1)} hashes/s; ` +
            planRows
              .map(
                (r) =>
                  `${r.kind} ${r.perSecond.toFixed(1)} tokens/s (${(r.perSecond / bare).toFixed(2)} × bare scrypt, event-loop delay max ${r.loopMaxMs.toFixed(1)} ms)`,
              )
              .join('; '),
        );
      }
    }
    if (!only || only.includes('soak')) memory = await soak(dir);
  } finally {
    if (pg) await dropBenchDatabases(PG_URL).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const report: Report = {
    title: `Token endpoint benchmark${quick ? ' (--quick)' : ''}`,
    setup: [
      `${new Date().toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, took ${minutes} min`,
      `autocannon, ${CONNECTIONS} connections, 127.0.0.1; each measurement ${DURATION} s after a ${WARMUP} s warm-up (a server's first: ${FIRST_WARMUP} s); servers measured in alternating order each round`,
      `load average (1 min) at start ${load0.toFixed(2)}, at end ${loadavg()[0].toFixed(2)}: the machine is shared, compare ratios within this run`,
      'every server in its own process; req/s is the mean over rounds, latency and CPU per request the median round’s; CPU and RSS are the server process’s own',
    ],
    rows,
    targets: targets(rows),
    password,
    memory,
    notes,
  };
  const markdown = reportMarkdown(report);
  // A partial run (--only) leaves the full run's latest.* alone.
  const name = only ? `only-${only.join('_').replace(/:/g, '-')}` : 'latest';
  writeFileSync(join(RESULTS, `${name}.md`), markdown.replace('(latest.svg)', `(${name}.svg)`));
  writeFileSync(join(RESULTS, `${name}.svg`), reportSvg(rows, report.title));
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify(report, null, 2));
  process.stdout.write(`${rowsTable(rows)}\n\n`);
  for (const t of report.targets) {
    process.stdout.write(
      `${t.met === undefined ? '-' : t.met ? '✓' : '✗'} ${t.name}: ${t.value}\n`,
    );
  }
  process.stdout.write(
    `${[...password, ...memory, ...notes].join('\n')}\nWritten to bench/results/${name}.md and ${name}.svg\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exitCode = 1;
});
