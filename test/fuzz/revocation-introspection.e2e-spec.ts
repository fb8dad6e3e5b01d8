import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { describeFormCase, type FormCase } from './support/form-cases.js';
import { startFormEndpointsApp, type FormEndpointsApp } from './support/form-endpoints-app.js';
import { checkFormAnswer } from './support/form-oracle.js';
import { fuzz, timeoutOf } from './support/fuzz-runner.js';
import { mutatedFormCase, revocationIntrospectionBases } from './support/mutated-form-cases.js';
import { randomFormCase } from './support/random-form-cases.js';
import { sendRawHttp } from './support/raw-http.js';

describe('fuzzing revocation (RFC 7009) and introspection (RFC 7662) (raw HTTP, bodyParser: false)', () => {
  let f: FormEndpointsApp;
  beforeAll(async () => {
    f = await startFormEndpointsApp();
  });
  afterAll(() => f.t.close());

  const send = async (c: FormCase) => checkFormAnswer(c, await sendRawHttp(f.port, c.request));

  it(
    "random requests: a documented 4xx or revocation's {}, never an introspection; no sentinel is revoked",
    async () => {
      await fuzz(
        'revocation and introspection: random requests',
        randomFormCase(f, ['revoke', 'introspect']),
        describeFormCase,
        send,
        () => f.assertAlive(),
      );
      await f.assertSentinelsIntact();
    },
    timeoutOf('revocation and introspection: random requests'),
  );

  it(
    'valid requests with benign changes succeed; with one breaking change they get its exact RFC error',
    async () => {
      await fuzz(
        'revocation and introspection: valid requests with one mutation',
        mutatedFormCase(f, revocationIntrospectionBases(f)),
        describeFormCase,
        send,
        () => f.assertAlive(),
      );
      await f.assertSentinelsIntact();
    },
    timeoutOf('revocation and introspection: valid requests with one mutation'),
  );
});
