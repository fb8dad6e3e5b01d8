import base from '../../jest.config.js';

/**
 * The reliability suites: real sample-app processes (build first), SQLite files and PostgreSQL clusters of their
 * own. Kept out of `npm test` by their `*.reliability-spec.ts` names; run them with `npm run test:races`,
 * `npm run test:faults` or `npm run test:reliability` (test/reliability/run.js).
 */
export default {
  ...base,
  rootDir: '../..',
  testRegex: 'test/reliability/.*\\.reliability-spec\\.ts$',
  testTimeout: 120_000,
};
