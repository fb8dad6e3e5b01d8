import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BODY_MODES, FORM } from './support/body-modes.js';
import { expectOAuth2Error, expectToken, type ResponseLike } from './support/expect-oauth2.js';
import { startPipelineApp, type PipelineApp } from './support/pipeline-app.js';
import { sendRaw } from './support/raw-request.js';
import { closedPromptly, sendEndlessBody } from '../support/endless-body.js';

const LIMIT = 64 * 1024;
const PREFIX = 'grant_type=client_credentials&pad=';

/** A valid client_credentials request padded with an unknown parameter to exactly `bytes` bytes. */
function paddedBody(bytes: number): string {
  return PREFIX + 'a'.repeat(bytes - PREFIX.length);
}

/** Oversize is a JSON client error (400 or 413), never a token and never a 5xx. */
function expectTooLarge(res: ResponseLike): void {
  expect([400, 413]).toContain(res.status);
  expectOAuth2Error(res, res.status, 'invalid_request');
}

const [streamMode, rawBodyMode, parsedMode] = BODY_MODES;

describe.each([streamMode, rawBodyMode])('form body size limit of 64 KiB, $mode', ({ options }) => {
  let p: PipelineApp;
  beforeAll(async () => {
    p = await startPipelineApp(options);
  });
  afterAll(() => p.t.close());

  const post = (body: string, chunked = false) =>
    sendRaw(p.t.http, {
      path: '/oauth2/token',
      headers: { ...FORM, authorization: p.auth },
      body,
      chunked,
    });

  it('accepts a body of exactly 64 KiB', async () => {
    expectToken(await post(paddedBody(LIMIT)));
  });

  it('rejects a body one byte over 64 KiB (Content-Length)', async () => {
    expectTooLarge(await post(paddedBody(LIMIT + 1)));
  });

  it('rejects a 70 KiB body sent chunked, without a Content-Length', async () => {
    expectTooLarge(await post(paddedBody(70 * 1024), true));
  });

  it('accepts a small chunked body', async () => {
    expectToken(await post(paddedBody(1024), true));
  });
});

describe(`form body size limit of 64 KiB, ${parsedMode.mode}`, () => {
  let p: PipelineApp;
  beforeAll(async () => {
    p = await startPipelineApp(parsedMode.options);
  });
  afterAll(() => p.t.close());

  // Express's own parser reads the body before the module runs, so the module sees only the parsed object and the
  // request headers: it can refuse a declared Content-Length over 64 KiB, but it cannot measure a chunked body (a
  // chunked 70 KiB body is parsed by Express and accepted), and Express refuses bodies over its 100 kB default itself
  // (Nest's `{ statusCode: 413 }` body, not the module's RFC 6749 error). So only the Content-Length case is tested.
  it('rejects a 70 KiB body with a Content-Length as JSON 413', async () => {
    const res = await sendRaw(p.t.http, {
      path: '/oauth2/token',
      headers: { ...FORM, authorization: p.auth },
      body: paddedBody(70 * 1024),
    });
    expect(res.status).toBe(413);
    expectOAuth2Error(res, 413, 'invalid_request');
  });

  it('accepts a body of exactly 64 KiB', async () => {
    const res = await sendRaw(p.t.http, {
      path: '/oauth2/token',
      headers: { ...FORM, authorization: p.auth },
      body: paddedBody(LIMIT),
    });
    expectToken(res);
  });
});

describe(`a form body that never ends, ${streamMode.mode}`, () => {
  let p: PipelineApp;
  beforeAll(async () => {
    p = await startPipelineApp(streamMode.options);
    await p.t.app.listen(0, '127.0.0.1');
  });
  afterAll(() => p.t.close());

  // A client that keeps sending after the 413 must not hold the connection (and the server's reading) until Node's
  // request timeout: the answer says `Connection: close` and the server closes after a small bounded drain.
  it.each(['chunked', 'content-length'] as const)(
    'answers 413 with Connection: close and closes the connection (%s)',
    async (framing) => {
      const outcome = await sendEndlessBody(p.t.http, {
        path: '/oauth2/token',
        headers: { ...FORM, authorization: p.auth },
        framing,
      });
      expect(closedPromptly(outcome)).toEqual({ status: 413, connection: 'close', closed: true });
    },
  );
});
