import { afterAll, beforeAll, describe, it } from '@jest/globals';
import fc from 'fast-check';
import { describeFormCase, type FormCase } from './support/form-cases.js';
import { startFormEndpointsApp, type FormEndpointsApp } from './support/form-endpoints-app.js';
import { checkFormAnswer } from './support/form-oracle.js';
import { fuzz, timeoutOf } from './support/fuzz-runner.js';
import { corruption, malformed } from './support/malformed-http.js';
import { mutatedFormCase, tokenBases } from './support/mutated-form-cases.js';
import { randomFormCase } from './support/random-form-cases.js';
import { sendRawHttp } from './support/raw-http.js';

describe('fuzzing the form endpoints with malformed HTTP (raw socket, bodyParser: false)', () => {
  let f: FormEndpointsApp;
  beforeAll(async () => {
    f = await startFormEndpointsApp();
  });
  afterAll(() => f.t.close());

  it(
    'Node refuses it or the endpoint answers as documented; never a 5xx or a hang, and the server keeps answering',
    async () => {
      const cases = fc
        .tuple(
          fc.oneof(
            randomFormCase(f, ['token', 'revoke', 'introspect']),
            mutatedFormCase(f, tokenBases(f)),
          ),
          corruption,
        )
        .map(([c, change]) => malformed(c, change));
      await fuzz(
        'form endpoints: malformed HTTP',
        cases,
        describeFormCase,
        async (c: FormCase) => checkFormAnswer(c, await sendRawHttp(f.port, c.request)),
        () => f.assertAlive(),
      );
      await f.assertSentinelsIntact();
    },
    timeoutOf('form endpoints: malformed HTTP'),
  );
});
