/**
 * Runs reliability suites with Jest (`node test/reliability/run.js [races|faults]`, after `npm run build`) and
 * ends the output with the plain line CI reads, `N passed, N failed`; exits non-zero on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'dist/reliability/jest-results.json';
mkdirSync('dist/reliability', { recursive: true });
rmSync(results, { force: true });

const suites = process.argv.slice(2).map((name) => `test/reliability/${name}\\.reliability-spec`);
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '-c',
    'test/reliability/jest.config.js',
    '--runInBand',
    '--json',
    `--outputFile=${results}`,
    ...suites,
  ],
  { stdio: 'inherit' },
);

let passed = 0;
let failed = 1;
if (existsSync(results)) {
  const run = JSON.parse(readFileSync(results, 'utf8'));
  passed = run.numPassedTests;
  failed = run.numFailedTests + run.numRuntimeErrorTestSuites + (run.numTotalTests === 0 ? 1 : 0);
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exitCode = jest.status === 0 && failed === 0 ? 0 : 1;
