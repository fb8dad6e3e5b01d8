import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { send, tokenRequest, type Outcome } from './http-burst.js';
import type { SampleProcess } from './sample-process.js';

/** What a load worker asked for. */
export type LoadKind = 'client_credentials' | 'refresh_token';

/** One request of a load run. */
export interface LoadSample extends Outcome {
  kind: LoadKind;
  app: number;
  worker: number;
}

/** A load: how many workers, at most how long, and when an unanswered request counts as a hang. */
export interface LoadOptions {
  apps: readonly SampleProcess[];
  /** One refresh token per worker (as many workers as entries); each worker leaves its newest one here. */
  chains: (string | undefined)[];
  /** Upper bound on the whole run, should `stop()` never be called. */
  maxDurationMs: number;
  requestTimeoutMs: number;
  /** Pause after any answer but 200, so an outage is not a busy loop. @default 100 */
  pauseMs?: number;
}

/** A running load: its samples so far, and `stop()`, which lets the requests in flight finish. */
export interface RunningLoad {
  readonly samples: readonly LoadSample[];
  stop(): Promise<LoadSample[]>;
}

/**
 * Closed-loop load: each worker, bound to one app, alternates a client_credentials request and a refresh of its own
 * refresh-token chain; a worker whose chain was refused goes on with client_credentials only. Runs until `stop()`
 * (or `maxDurationMs`); a request still unanswered after `requestTimeoutMs` is aborted and recorded as a hang.
 */
export function startLoad({
  apps,
  chains,
  maxDurationMs,
  requestTimeoutMs,
  pauseMs = 100,
}: LoadOptions): RunningLoad {
  const samples: LoadSample[] = [];
  const endAt = performance.now() + maxDurationMs;
  let stopped = false;
  const running = () => !stopped && performance.now() < endAt;
  const worker = async (id: number) => {
    const app = id % apps.length;
    for (let step = 0; running(); step++) {
      const refreshToken = chains[id];
      const kind: LoadKind =
        step % 2 === 1 && refreshToken ? 'refresh_token' : 'client_credentials';
      const params: Record<string, string> =
        kind === 'refresh_token'
          ? { grant_type: kind, refresh_token: refreshToken! }
          : { grant_type: kind, scope: 'email' };
      const outcome = await send(tokenRequest(apps[app].baseUrl, params), requestTimeoutMs);
      samples.push({ ...outcome, kind, app, worker: id });
      if (kind === 'refresh_token' && outcome.status === 200) {
        chains[id] = String(outcome.body?.refresh_token);
      } else if (kind === 'refresh_token' && outcome.status >= 400 && outcome.status < 500) {
        chains[id] = undefined;
      }
      if (outcome.status !== 200) await sleep(pauseMs);
    }
  };
  const workers = Promise.all(chains.map((_, id) => worker(id)));
  return {
    samples,
    stop: async () => {
      stopped = true;
      await workers;
      return samples;
    },
  };
}

/**
 * For each app, when its first 200 started at or after `since` ended, relative to `since`; null for an app that has
 * not answered 200 since.
 */
export function firstOkAfter(
  samples: readonly LoadSample[],
  since: number,
  apps: number,
): (number | null)[] {
  return Array.from({ length: apps }, (_, app) => {
    const ends = samples
      .filter((s) => s.app === app && s.status === 200 && s.startedAt >= since)
      .map((s) => s.startedAt + s.ms);
    return ends.length ? Math.min(...ends) - since : null;
  });
}

/** When a fault was applied and when it was over, in `performance.now()` milliseconds. */
export interface FaultWindow {
  start: number;
  end: number;
}

/** The figures of a load run around one fault. */
export interface LoadFigures {
  requests: number;
  ok: number;
  /** 503 answers, all of which must carry `temporarily_unavailable` and `Retry-After`. */
  unavailable: number;
  malformed503: number;
  serverErrors: number;
  clientErrors: number;
  noAnswer: number;
  slowestMs: number;
  slowest503Ms: number;
  /** From the end of the fault to the first 200 of the slowest app to recover. */
  recoveryMs: number | null;
  /** From the first failed answer to the last one. */
  outageMs: number;
  /** How long applying the fault took (a restart, a held lock). */
  faultMs?: number;
  /** Refresh-token chains refused during the run (a 4xx on a refresh): must stay 0. */
  chainsLost?: number;
}

/** Tallies a load run against its fault window. */
export function loadFigures(
  samples: readonly LoadSample[],
  fault: FaultWindow,
  apps: number,
): LoadFigures {
  const failed = samples.filter((s) => s.status !== 200);
  const unavailable = samples.filter((s) => s.status === 503);
  const recovered = firstOkAfter(samples, fault.end, apps);
  return {
    requests: samples.length,
    ok: samples.length - failed.length,
    unavailable: unavailable.length,
    malformed503: unavailable.filter((s) => s.error !== 'temporarily_unavailable' || !s.retryAfter)
      .length,
    serverErrors: samples.filter((s) => s.status >= 500 && s.status !== 503).length,
    clientErrors: samples.filter((s) => s.status >= 400 && s.status < 500).length,
    noAnswer: samples.filter((s) => s.status === 0).length,
    slowestMs: Math.max(0, ...samples.map((s) => s.ms)),
    slowest503Ms: Math.max(0, ...unavailable.map((s) => s.ms)),
    recoveryMs: recovered.includes(null)
      ? null
      : Math.max(...recovered.map((ms) => Math.max(0, ms!))),
    outageMs: failed.length
      ? Math.max(...failed.map((s) => s.startedAt + s.ms)) -
        Math.min(...failed.map((s) => s.startedAt))
      : 0,
  };
}
