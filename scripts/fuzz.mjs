/**
 * `npm run fuzz [-- <jest args>]`: the fuzz suites of test/fuzz with FUZZ_RUNS cases in all (100,000 unless set),
 * then the count of cases, each property's answers and the slowest case. FUZZ_SEED (and FUZZ_PATH) replay a failure;
 * TEST_HTTP_ADAPTER=fastify and TEST_DATABASE_URL choose the platform and database as for the e2e suite.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'oauth2-fuzz-'));
const statsFile = join(dir, 'stats.jsonl');
const runs = process.env.FUZZ_RUNS || '100000';
const started = Date.now();
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--runInBand',
    ...(process.argv.length > 2 ? process.argv.slice(2) : ['test/fuzz']),
  ],
  { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: runs, FUZZ_STATS_FILE: statsFile } },
);
const seconds = Math.round((Date.now() - started) / 1000);

let stats = [];
try {
  stats = readFileSync(statsFile, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
} catch {
  // no property finished
}
rmSync(dir, { recursive: true, force: true });

const total = stats.reduce((sum, s) => sum + s.runs, 0);
const platform = process.env.TEST_HTTP_ADAPTER === 'fastify' ? 'Fastify' : 'Express';
const database = process.env.TEST_DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite';
console.log(
  `\nFuzzing: ${total} cases in ${seconds} s (FUZZ_RUNS=${runs}, ${platform}, ${database})`,
);
for (const s of stats) {
  const answers = Object.entries(s.answers)
    .sort(([, a], [, b]) => b - a)
    .map(([answer, count]) => `${answer}: ${count}`)
    .join(', ');
  console.log(`- ${s.property}: ${s.runs} cases in ${Math.round(s.totalMs / 1000)} s; ${answers}`);
}
const slowest = stats
  .map((s) => ({ ...s.slowest, property: s.property }))
  .filter((s) => s.ms !== undefined)
  .sort((a, b) => b.ms - a.ms)[0];
if (slowest) {
  console.log(
    `Slowest case: ${Math.round(slowest.ms)} ms (${slowest.property}): ${slowest.request}`,
  );
}
process.exit(jest.status ?? 1);
