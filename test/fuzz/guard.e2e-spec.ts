import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { startGuardApps, type GuardApps } from './support/guard-app.js';
import { guardCase } from './support/guard-cases.js';
import { fuzz, timeoutOf } from './support/fuzz-runner.js';

describe('fuzzing OAuth2Guard (raw HTTP; the defaults, and query and body tokens allowed)', () => {
  let g: GuardApps;
  beforeAll(async () => {
    g = await startGuardApps();
  });
  afterAll(() => g.close());

  it(
    'any Authorization lines, query and body tokens: 2xx only with a valid token, else a documented 4xx with its challenge',
    async () => {
      await fuzz(
        'guard: random credentials',
        guardCase,
        (c) => JSON.stringify(c),
        (c) => g.send(c),
        () => g.assertAlive(),
      );
    },
    timeoutOf('guard: random credentials'),
  );
});
