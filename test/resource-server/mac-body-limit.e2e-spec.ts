import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { sendRaw, type RawResponse } from '../pipeline/support/raw-request.js';
import { closedPromptly, sendEndlessBody } from '../support/endless-body.js';
import {
  expectRefusal,
  macAuthorization,
  NotesApiController,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
} from '../support/resource-app.js';

const LIMIT = 1024;

/** A JSON body of exactly `bytes` bytes. */
function jsonBody(bytes: number): string {
  return `{"pad":"${'a'.repeat(bytes - 10)}"}`;
}

/** Sends only the headers of a POST to /api/notes (no body), and resolves with the answer. */
function answerBeforeBody(
  server: Server,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: { error?: string } }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/notes', headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          });
          outgoing.destroy();
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.flushHeaders();
  });
}

/** A refusal over raw HTTP as `expectRefusal` checks it (supertest's response shape). */
function asSupertest(res: RawResponse) {
  return { status: res.status, headers: res.headers, body: res.body } as Parameters<
    typeof expectRefusal
  >[0];
}

describe.each([
  ['rawBody: true', { rawBody: true }],
  ['bodyParser: false', { bodyParser: false }],
])(`resource server, MAC bodyhash with maxBodyBytes: ${LIMIT} and %s`, (_mode, appOptions) => {
  let t: ResourceApp;
  let token: IssuedToken;
  beforeAll(async () => {
    t = await startResourceApp({
      controllers: [NotesApiController],
      resource: { maxBodyBytes: LIMIT },
      app: appOptions,
    });
    token = await t.issue('mac', 'email');
  });
  afterAll(() => t.close());

  const sign = (body: string) =>
    macAuthorization(token, { method: 'POST', uri: '/api/notes', body });

  // application/json reaches the guard as the parser's rawBody (or the stream), text/plain as Fastify's decoded
  // text (or the stream on Express), application/octet-stream always as the unread stream.
  describe.each(['application/json', 'text/plain', 'application/octet-stream'])('%s', (type) => {
    const post = (body: string) =>
      request(t.http)
        .post('/api/notes')
        .set('Authorization', sign(body))
        .set('Content-Type', type)
        .send(body);

    it('accepts a body of exactly maxBodyBytes, and the handler still receives it', async () => {
      const body = jsonBody(LIMIT);
      expect(Buffer.byteLength(body)).toBe(LIMIT);
      const res = await post(body);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: { received: body },
      });
    });

    it('refuses a signed body one byte over it with 413 invalid_request', async () => {
      const res = await post(jsonBody(LIMIT + 1));
      expectRefusal(res, { status: 413, error: 'invalid_request', scheme: 'MAC' });
      expect(res.body.error_description).toBe('The request body is too large');
    });

    it('refuses a larger body sent chunked, without a Content-Length, with 413', async () => {
      const body = jsonBody(8 * LIMIT);
      const res = await sendRaw(t.http, {
        path: '/api/notes',
        headers: { authorization: sign(body), 'content-type': type },
        body,
        chunked: true,
      });
      expectRefusal(asSupertest(res), { status: 413, error: 'invalid_request', scheme: 'MAC' });
    });
  });

  it('answers 413 to a Content-Length over the limit before the body is sent', async () => {
    const res = await answerBeforeBody(t.http, {
      authorization: sign('x'),
      'content-type': 'application/octet-stream',
      'content-length': String(100 * LIMIT),
    });
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 413,
      error: 'invalid_request',
    });
  });

  // A client that keeps sending after the 413 must not hold the connection until Node's request timeout.
  it.each(['chunked', 'content-length'] as const)(
    'answers 413 with Connection: close to a body that never ends, and closes the connection (%s)',
    async (framing) => {
      const outcome = await sendEndlessBody(t.http, {
        path: '/api/notes',
        headers: { authorization: sign('x'), 'content-type': 'application/octet-stream' },
        framing,
      });
      expect(closedPromptly(outcome)).toEqual({ status: 413, connection: 'close', closed: true });
    },
  );

  it('reads no body for a MAC request without bodyhash, whatever its size', async () => {
    const body = jsonBody(2 * LIMIT);
    const res = await request(t.http)
      .post('/api/notes')
      .set('Authorization', macAuthorization(token, { method: 'POST', uri: '/api/notes' }))
      .set('Content-Type', 'application/octet-stream')
      .send(body);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { received: null },
    });
  });
});

describe('resource server, MAC bodyhash with the default maxBodyBytes (64 KiB)', () => {
  let t: ResourceApp;
  let token: IssuedToken;
  beforeAll(async () => {
    t = await startResourceApp({ controllers: [NotesApiController], app: { bodyParser: false } });
    token = await t.issue('mac', 'email');
  });
  afterAll(() => t.close());

  const post = (body: string) =>
    request(t.http)
      .post('/api/notes')
      .set('Authorization', macAuthorization(token, { method: 'POST', uri: '/api/notes', body }))
      .set('Content-Type', 'application/json')
      .send(body);

  it('accepts 64 KiB and refuses one byte more with 413', async () => {
    const atLimit = await post(jsonBody(64 * 1024));
    expect({ status: atLimit.status, length: atLimit.body.received?.length }).toEqual({
      status: 200,
      length: 64 * 1024,
    });
    expectRefusal(await post(jsonBody(64 * 1024 + 1)), {
      status: 413,
      error: 'invalid_request',
      scheme: 'MAC',
    });
  });
});
