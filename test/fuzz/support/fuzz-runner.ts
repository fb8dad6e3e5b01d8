import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

/**
 * Each property's share of the run's cases. `npm test` runs `CI_FUZZ_RUNS` cases in all (about a minute here);
 * `npm run fuzz` sets FUZZ_RUNS (100,000 by default). The shares add up to 1.
 */
export const FUZZ_SHARES = {
  'token endpoint: random requests': 0.24,
  'token endpoint: valid requests with one mutation': 0.2,
  'revocation and introspection: random requests': 0.12,
  'revocation and introspection: valid requests with one mutation': 0.08,
  'form endpoints: malformed HTTP': 0.06,
  'guard: random credentials': 0.2,
  'authorization endpoint: random query strings': 0.1,
} as const;

/** The name of one fuzzed property, keying its share. */
export type FuzzProperty = keyof typeof FUZZ_SHARES;

/** Cases of one `npm test` run, all properties together. */
export const CI_FUZZ_RUNS = 3000;

/** Cases of this run, all properties together: FUZZ_RUNS, else the CI size. */
export function totalRuns(): number {
  const runs = Number(process.env.FUZZ_RUNS || CI_FUZZ_RUNS);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('FUZZ_RUNS must be a positive integer');
  return runs;
}

/** This property's number of cases in this run (at least one). */
export function runsOf(property: FuzzProperty): number {
  return Math.max(1, Math.round(totalRuns() * FUZZ_SHARES[property]));
}

/** A Jest timeout for `property`: a minute of setup plus a generous 60 ms per case (a case takes 5 to 20 ms here). */
export function timeoutOf(property: FuzzProperty): number {
  return 60_000 + runsOf(property) * 60;
}

/** One fuzz case's request, short enough to print. */
export type Describe<T> = (value: T) => string;

/** What `fuzz` measured of one property. */
export interface FuzzStats {
  property: FuzzProperty;
  runs: number;
  /** Wall time of the whole property, liveness checks included. */
  totalMs: number;
  /** How many cases got each answer (the label `check` resolved, e.g. the status). */
  answers: Record<string, number>;
  slowest: { ms: number; request: string } | undefined;
}

/** Cases between two liveness checks. */
const ALIVE_EVERY = 50;

/**
 * Checks `check` (which resolves a label of the answer, such as its status) against `runsOf(property)` values of
 * `arbitrary` with fast-check, and `alive()` (a known-good request that must succeed) before, every `ALIVE_EVERY`
 * cases and at the end. The seed is random unless FUZZ_SEED (and FUZZ_PATH) replay a failure; the failure message
 * names seed, path and the shrunk request. Records the case count, the answers and the slowest case, appending them
 * to FUZZ_STATS_FILE when set.
 */
export async function fuzz<T>(
  property: FuzzProperty,
  arbitrary: fc.Arbitrary<T>,
  describe: Describe<T>,
  check: (value: T) => Promise<string>,
  alive: () => Promise<void>,
): Promise<FuzzStats> {
  const stats: FuzzStats = { property, runs: 0, totalMs: 0, answers: {}, slowest: undefined };
  const begun = performance.now();
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  await alive(); // a baseline, and a warm server: the first case's time is not the JIT's
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const started = performance.now();
      const answer = await check(value);
      const ms = performance.now() - started;
      stats.runs++;
      stats.answers[answer] = (stats.answers[answer] ?? 0) + 1;
      if (!stats.slowest || ms > stats.slowest.ms) stats.slowest = { ms, request: describe(value) };
      if (stats.runs % ALIVE_EVERY === 0) await alive();
    }),
    {
      numRuns: runsOf(property),
      ...(seed !== undefined && { seed, path: process.env.FUZZ_PATH }),
      reporter: (details) => {
        if (!details.failed) return;
        const [value] = details.counterexample ?? [];
        const cause =
          details.errorInstance instanceof Error
            ? details.errorInstance.message
            : details.errorInstance;
        throw new Error(
          [
            `${property}: failed after ${details.numRuns} cases (shrunk ${details.numShrinks} times): ${String(cause)}`,
            `Request: ${value === undefined ? '(none)' : describe(value as T)}`,
            `Replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath}`,
          ].join('\n'),
        );
      },
    },
  );
  await alive();
  stats.totalMs = performance.now() - begun;
  if (process.env.FUZZ_STATS_FILE) {
    appendFileSync(process.env.FUZZ_STATS_FILE, `${JSON.stringify(stats)}\n`);
  }
  return stats;
}
