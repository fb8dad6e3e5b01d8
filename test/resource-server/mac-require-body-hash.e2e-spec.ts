import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { sendRaw } from '../pipeline/support/raw-request.js';
import {
  EmailApiController,
  expectRefusal,
  macAuthorization,
  NotesApiController,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
} from '../support/resource-app.js';

const BODY = '{"note":"pay 10 EUR to bob"}';

/**
 * `requireBodyHash: true`: a MAC request with a body must sign it (`bodyhash`), else a body swapped in transit would
 * pass under a valid signature. A missing required attribute is 400 `invalid_request` (RFC 6750 §3.1), with the MAC
 * challenge, as a malformed MAC header is.
 */
describe('resource server, MAC with requireBodyHash: true', () => {
  let t: ResourceApp;
  let mac: IssuedToken;
  let bearer: IssuedToken;
  beforeAll(async () => {
    t = await startResourceApp({
      resource: { requireBodyHash: true },
      controllers: [EmailApiController, NotesApiController],
      app: { rawBody: true },
    });
    mac = await t.issue('mac', 'email');
    bearer = await t.issue('bearer', 'email');
  });
  afterAll(() => t.close());

  const post = (authorization: string, body = BODY) =>
    request(t.http)
      .post('/api/notes')
      .set('Authorization', authorization)
      .set('Content-Type', 'application/json')
      .send(body);
  const sign = (body?: string) =>
    macAuthorization(mac, { method: 'POST', uri: '/api/notes', body });

  it('refuses a body without bodyhash with 400 invalid_request', async () => {
    const res = await post(sign());
    expectRefusal(res, { status: 400, error: 'invalid_request', scheme: 'MAC' });
    expect(res.body.error_description).toBe('A request body must be signed with bodyhash');
  });

  it('refuses a chunked body without bodyhash alike', async () => {
    const res = await sendRaw(t.http, {
      path: '/api/notes',
      headers: { authorization: sign(), 'content-type': 'application/json' },
      body: BODY,
      chunked: true,
    });
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
  });

  it('accepts the body with its bodyhash', async () => {
    const res = await post(sign(BODY));
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { received: BODY },
    });
  });

  it('needs no bodyhash without a body (GET, or an empty POST)', async () => {
    const get = await request(t.http)
      .get('/api/email')
      .set('Authorization', macAuthorization(mac, { method: 'GET', uri: '/api/email' }));
    const empty = await sendRaw(t.http, {
      path: '/api/notes',
      headers: { authorization: sign() },
      body: '',
    });
    expect({ get: get.status, empty: empty.status }).toEqual({ get: 200, empty: 200 });
  });

  it('leaves Bearer requests alone', async () => {
    const res = await post(`Bearer ${bearer.access_token}`);
    expect(res.status).toBe(200);
  });
});
