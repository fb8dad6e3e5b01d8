import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { macBodyHash } from 'nestjs-oauth2-token';
import {
  expectRefusal,
  macAuthorization,
  NotesApiController,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
} from '../support/resource-app.js';

const BODY = '{"note":"pay 10 EUR to bob"}';
const OTHER_BODY = '{"note":"pay 9999 EUR to eve"}';

describe.each([
  ['rawBody: true', { rawBody: true }],
  ['bodyParser: false', { bodyParser: false }],
])('resource server, MAC bodyhash with %s', (_mode, appOptions) => {
  let t: ResourceApp;
  let token: IssuedToken;
  beforeAll(async () => {
    t = await startResourceApp({ controllers: [NotesApiController], app: appOptions });
    token = await t.issue('mac', 'email');
  });
  afterAll(() => t.close());

  const post = (body: string, authorization: string) =>
    request(t.http)
      .post('/api/notes')
      .set('Authorization', authorization)
      .set('Content-Type', 'application/json')
      .send(body);
  const sign = (body?: string) =>
    macAuthorization(token, { method: 'POST', uri: '/api/notes', body });

  it('accepts a body matching the signed bodyhash, and the handler still sees the raw body', async () => {
    const header = sign(BODY);
    expect(header).toContain(`bodyhash="${macBodyHash(BODY)}"`);
    const res = await post(BODY, header);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { received: BODY },
    });
  });

  it('checks a body no parser handles (text/plain) and keeps it for the handler', async () => {
    const res = await request(t.http)
      .post('/api/notes')
      .set('Authorization', sign('plain words'))
      .set('Content-Type', 'text/plain')
      .send('plain words');
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { received: 'plain words' },
    });
    const tampered = await request(t.http)
      .post('/api/notes')
      .set('Authorization', sign('plain words'))
      .set('Content-Type', 'text/plain')
      .send('other words');
    expectRefusal(tampered, { status: 401, error: 'invalid_token', scheme: 'MAC' });
  });

  it('checks a UTF-8 text body with non-ASCII characters byte for byte', async () => {
    const text = 'café: 10 € to zoë';
    const res = await request(t.http)
      .post('/api/notes')
      .set('Authorization', sign(text))
      .set('Content-Type', 'text/plain; charset=utf-8')
      .send(text);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { received: text },
    });
  });

  it('refuses another body than the one hashed, with 401 invalid_token', async () => {
    const header = sign(BODY);
    expectRefusal(await post(OTHER_BODY, header), {
      status: 401,
      error: 'invalid_token',
      scheme: 'MAC',
    });
    expect((await post(BODY, header)).status).toBe(200);
  });

  it('refuses a bodyhash swapped after signing to match another body', async () => {
    const header = sign(BODY).replace(macBodyHash(BODY), macBodyHash(OTHER_BODY));
    expect(header).toContain(macBodyHash(OTHER_BODY));
    expectRefusal(await post(OTHER_BODY, header), {
      status: 401,
      error: 'invalid_token',
      scheme: 'MAC',
    });
  });

  it('refuses a signed bodyhash of an empty body when a body is sent', async () => {
    expectRefusal(await post(BODY, sign('')), {
      status: 401,
      error: 'invalid_token',
      scheme: 'MAC',
    });
  });
});

describe('resource server, MAC bodyhash when the body parser kept no raw body', () => {
  let t: ResourceApp;
  let token: IssuedToken;
  beforeAll(async () => {
    t = await startResourceApp({ controllers: [NotesApiController] });
    token = await t.issue('mac', 'email');
  });
  afterAll(() => t.close());

  it('refuses a bodyhash it cannot check rather than trusting it', async () => {
    const header = macAuthorization(token, { method: 'POST', uri: '/api/notes', body: BODY });
    const res = await request(t.http)
      .post('/api/notes')
      .set('Authorization', header)
      .set('Content-Type', 'application/json')
      .send(BODY);
    expectRefusal(res, { status: 401, error: 'invalid_token', scheme: 'MAC' });
  });
});
