import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSampleServer, type SampleServer } from './interop/support/sample-server.js';

/**
 * A username the database cannot hold is a user that does not exist: the password grant answers invalid_grant, never
 * a database error. On PostgreSQL a NUL character used to reach the user lookup, which failed with "invalid byte
 * sequence for encoding UTF8" and a 500 (found while fuzzing; runs on PostgreSQL with TEST_DATABASE_URL).
 */
describe("sample app's user lookup: logins the database may dislike", () => {
  let server: SampleServer;
  let basic: string;
  beforeAll(async () => {
    server = await startSampleServer();
    const client = await server.addClient({ grantTypes: ['password'] });
    basic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  });
  afterAll(() => server?.close());

  it.each([
    ['a NUL in the username', { username: 'de\u0000mo', password: 'demo-password' }],
    ['a NUL in the email', { email: 'demo\u0000@example.com', password: 'demo-password' }],
    ['a username longer than the column', { username: 'x'.repeat(4000), password: 'p' }],
  ])('%s: invalid_grant', async (_label, form) => {
    const res = await fetch(`${server.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic },
      body: new URLSearchParams({ grant_type: 'password', ...form }),
    });
    expect({ status: res.status, body: await res.json() }).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });
});
