import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  DatabaseThrottlerStorage,
  OAUTH2_THROTTLER_STORAGE,
  OAuth2TokenModule,
  type OAuth2ThrottlerStorage,
} from 'nestjs-oauth2-token';
import { TransactionRunner } from '../../src/persistence/transaction-runner.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { authenticatorProvider } from '../support/resource-owners.js';
import { basic } from '../support/test-app.js';
import { TOKEN_PATH } from '../support/token-request.js';

const WINDOW = { windowSeconds: 60, blockSeconds: 120 };

/** A token request from `address` (the test adapters trust X-Forwarded-For from loopback). */
const post = (t: E2eApp, address: string, form: Record<string, string>, auth?: string) => {
  const req = request(t.http).post(TOKEN_PATH).type('form').set('X-Forwarded-For', address);
  if (auth) req.set('Authorization', auth);
  return req.send(form);
};

/** A 429 that says when to retry, with an RFC 6749 §5.2 body. */
function expectLimited(res: request.Response): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status: 429,
    body: { error: 'temporarily_unavailable', error_description: expect.any(String) },
  });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

describe('brute-force limits on client authentication (RFC 6749 §2.3.1)', () => {
  let t: E2eApp;
  let client: TestClient;
  const cc = { grant_type: 'client_credentials' };
  const right = () => basic(client.clientId, client.clientSecret);
  const wrong = () => basic(client.clientId, 'not the secret');

  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRoot({
        bruteForceLimits: {
          clientPerAddress: { limit: 3, ...WINDOW },
          address: { limit: 6, ...WINDOW },
        },
      }),
    ]);
    client = await t.addClient({ grantTypes: ['client_credentials'] });
  });
  afterAll(() => t.close());

  it('does not count successes: many tokens, then the full budget of failures', async () => {
    for (let i = 0; i < 5; i++)
      expect((await post(t, '198.51.100.1', cc, right())).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      expect((await post(t, '198.51.100.1', cc, wrong())).status).toBe(401);
    }
  });

  it('answers 429 once the client fails past its budget at one address, even with the right secret', async () => {
    expectLimited(await post(t, '198.51.100.1', cc, wrong()));
    expectLimited(await post(t, '198.51.100.1', cc, right()));
  });

  it('does not lock the real client out from another address', async () => {
    expect((await post(t, '198.51.100.2', cc, right())).status).toBe(200);
  });

  it('limits one address across client ids', async () => {
    const address = '198.51.100.3';
    for (let i = 0; i < 6; i++) {
      const res = await post(t, address, cc, basic(`guess-${i}`, 'x'));
      expect(res.status).toBe(401);
    }
    expectLimited(await post(t, address, cc, basic('guess-7', 'x')));
    expectLimited(await post(t, address, cc, right()));
    expect((await post(t, '198.51.100.4', cc, right())).status).toBe(200);
  });
});

describe('brute-force limits on resource-owner passwords (RFC 6749 §4.3.2)', () => {
  let t: E2eApp;
  let client: TestClient;
  const login = (address: string, password: string) =>
    post(
      t,
      address,
      { grant_type: 'password', username: 'alice', password },
      basic(client.clientId, client.clientSecret),
    );

  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRoot({
        providers: [authenticatorProvider],
        bruteForceLimits: {
          ownerPerAddress: { limit: 2, ...WINDOW },
          owner: { limit: 4, ...WINDOW },
        },
      }),
    ]);
    client = await t.addClient({ grantTypes: ['password'] });
  });
  afterAll(() => t.close());

  it('blocks one address guessing one user, even for the right password, and not the user elsewhere', async () => {
    expect((await login('203.0.113.1', 'guess-1')).status).toBe(400);
    expect((await login('203.0.113.1', 'guess-2')).status).toBe(400);
    expectLimited(await login('203.0.113.1', 'guess-3'));
    expectLimited(await login('203.0.113.1', 'wonder'));
    expect((await login('203.0.113.9', 'wonder')).status).toBe(200);
  });

  it('stops distributed guessing from the addresses that guessed, not from a clean one', async () => {
    // 203.0.113.1 has 3 failures for alice already; two more addresses bring her total over 4.
    expect((await login('203.0.113.2', 'guess-4')).status).toBe(400);
    expectLimited(await login('203.0.113.3', 'guess-5'));
    expectLimited(await login('203.0.113.2', 'wonder'));
    expectLimited(await login('203.0.113.4', 'guess-6'));
    expect((await login('203.0.113.10', 'wonder')).status).toBe(200);
  });
});

describe('brute-force limits on a storage without getMany (a read per key)', () => {
  let t: E2eApp;
  let client: TestClient;
  const cc = { grant_type: 'client_credentials' };

  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRoot({
        providers: [
          {
            provide: OAUTH2_THROTTLER_STORAGE,
            useFactory: (dataSource: DataSource, transactions: TransactionRunner) => {
              const storage = new DatabaseThrottlerStorage(dataSource, transactions);
              return {
                get: storage.get.bind(storage),
                increment: storage.increment.bind(storage),
              } satisfies OAuth2ThrottlerStorage;
            },
            inject: [DataSource, TransactionRunner],
          },
        ],
        bruteForceLimits: {
          clientPerAddress: { limit: 2, ...WINDOW },
          address: { limit: 4, ...WINDOW },
        },
      }),
    ]);
    client = await t.addClient({ grantTypes: ['client_credentials'] });
  });
  afterAll(() => t.close());

  it('blocks the client at one address and the address across clients, each read by get', async () => {
    const right = basic(client.clientId, client.clientSecret);
    const wrong = basic(client.clientId, 'not the secret');
    expect((await post(t, '192.0.2.1', cc, wrong)).status).toBe(401);
    expect((await post(t, '192.0.2.1', cc, wrong)).status).toBe(401);
    expectLimited(await post(t, '192.0.2.1', cc, wrong));
    expectLimited(await post(t, '192.0.2.1', cc, right));
    expect((await post(t, '192.0.2.2', cc, right)).status).toBe(200);
    // The address has 3 failures of its budget of 4.
    expect((await post(t, '192.0.2.1', cc, basic('someone-else', 'x'))).status).toBe(401);
    expectLimited(await post(t, '192.0.2.1', cc, basic('someone-else', 'x')));
    expectLimited(await post(t, '192.0.2.1', cc, basic('a-third', 'x')));
  });
});
