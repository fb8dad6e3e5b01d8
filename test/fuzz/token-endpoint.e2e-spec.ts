import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { describeFormCase, type FormCase } from './support/form-cases.js';
import { startFormEndpointsApp, type FormEndpointsApp } from './support/form-endpoints-app.js';
import { checkFormAnswer } from './support/form-oracle.js';
import { fuzz, timeoutOf } from './support/fuzz-runner.js';
import { mutatedFormCase, tokenBases } from './support/mutated-form-cases.js';
import { randomFormCase } from './support/random-form-cases.js';
import { sendRawHttp } from './support/raw-http.js';

describe('fuzzing the token endpoint (raw HTTP, bodyParser: false)', () => {
  let f: FormEndpointsApp;
  beforeAll(async () => {
    f = await startFormEndpointsApp();
  });
  afterAll(() => f.t.close());

  const send = async (c: FormCase) => checkFormAnswer(c, await sendRawHttp(f.port, c.request));

  it(
    'random requests: a documented 4xx, never a token, never a 5xx; the sentinels stay intact',
    async () => {
      await fuzz(
        'token endpoint: random requests',
        randomFormCase(f, ['token']),
        describeFormCase,
        send,
        () => f.assertAlive(),
      );
      await f.assertSentinelsIntact();
    },
    timeoutOf('token endpoint: random requests'),
  );

  it(
    'valid requests with benign changes succeed; with one breaking change they get its exact RFC error',
    async () => {
      await fuzz(
        'token endpoint: valid requests with one mutation',
        mutatedFormCase(f, tokenBases(f)),
        describeFormCase,
        send,
        () => f.assertAlive(),
      );
      await f.assertSentinelsIntact();
    },
    timeoutOf('token endpoint: valid requests with one mutation'),
  );
});
