import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { MACNonce } from 'nestjs-oauth2-token';
import {
  expectRefusal,
  macAuthorization,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
  EmailApiController,
} from '../support/resource-app.js';

const nowInSeconds = () => Math.floor(Date.now() / 1000);

describe('resource server, MAC nonces: replay and age (draft-ietf-oauth-v2-http-mac-01 §3.1, B09)', () => {
  let t: ResourceApp;
  beforeAll(async () => {
    t = await startResourceApp({
      resource: { macNonceWindow: 30 },
      controllers: [EmailApiController],
    });
  });
  afterAll(() => t.close());

  const call = (authorization: string) =>
    request(t.http).get('/api/email').set('Authorization', authorization);
  const sign = (token: IssuedToken, nonce?: string) =>
    macAuthorization(token, { method: 'GET', uri: '/api/email', nonce });
  const expectInvalid = (res: request.Response) =>
    expectRefusal(res, { status: 401, error: 'invalid_token', scheme: 'MAC' });

  it('refuses a replayed request with 401 invalid_token and records the nonce once', async () => {
    const token = await t.issue('mac', 'email');
    const header = sign(token, '0:replay-me');
    expect((await call(header)).status).toBe(200);
    expectInvalid(await call(header));
    const rows = await t.dataSource.getRepository(MACNonce).findBy({ nonce: '0:replay-me' });
    expect(rows).toHaveLength(1);
  });

  it('refuses a reused nonce even on another path with a fresh signature', async () => {
    const token = await t.issue('mac', 'email');
    expect((await call(sign(token, '0:shared'))).status).toBe(200);
    const other = macAuthorization(token, {
      method: 'GET',
      uri: '/api/email?x=1',
      nonce: '0:shared',
    });
    expectInvalid(await request(t.http).get('/api/email?x=1').set('Authorization', other));
  });

  it('lets exactly one of ten concurrent requests with the same nonce through', async () => {
    const token = await t.issue('mac', 'email');
    const header = sign(token);
    const responses = await Promise.all(Array.from({ length: 10 }, () => call(header)));
    const statuses = responses.map((res) => res.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(9).fill(401)]);
    for (const res of responses.filter((r) => r.status !== 200)) expectInvalid(res);
  });

  it('keeps nonces per token: another token may use the same nonce', async () => {
    const [first, second] = await Promise.all([t.issue('mac', 'email'), t.issue('mac', 'email')]);
    expect((await call(sign(first, '0:per-token'))).status).toBe(200);
    expect((await call(sign(second, '0:per-token'))).status).toBe(200);
  });

  it('does not use up the nonce of a request with a bad signature', async () => {
    const token = await t.issue('mac', 'email');
    const header = sign(token, '0:not-burnt');
    const forged = header.replace(
      /mac="[^"]+"/,
      'mac="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="',
    );
    expectInvalid(await call(forged));
    expect((await call(header)).status).toBe(200);
  });

  it('refuses a stale nonce whose age is far beyond macNonceWindow', async () => {
    const token = await t.issue('mac', 'email');
    expectInvalid(await call(sign(token, '99999:abc')));
    expect((await call(sign(token, '0:abc'))).status).toBe(200);
  });

  it("compares the nonce's age with the token's real age", async () => {
    const token = await t.issue('mac', 'email');
    await t.updateToken(token.access_token, { issuedAt: nowInSeconds() - 1000 });
    expectInvalid(await call(sign(token, '0:too-young')));
    expectInvalid(await call(sign(token, '960:still-too-young')));
    expect((await call(sign(token, '1000:right-age'))).status).toBe(200);
    expect((await call(sign(token, '990:within-window'))).status).toBe(200);
  });

  it('answers a nonce longer than the nonce store holds without a server error, and never twice', async () => {
    const token = await t.issue('mac', 'email');
    const header = sign(token, `0:${'n'.repeat(300)}`);
    const first = await call(header);
    expect([200, 400, 401]).toContain(first.status);
    const replay = await call(header);
    expect([400, 401]).toContain(replay.status);
  });

  it('refuses a nonce without the <age>:<random> shape', async () => {
    const token = await t.issue('mac', 'email');
    for (const nonce of ['no-age', 'x:abc', '0:', '-1:abc']) {
      expectInvalid(await call(sign(token, nonce)));
    }
  });
});
