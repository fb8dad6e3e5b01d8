import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BODY_MODES } from './support/body-modes.js';
import { expectOAuth2Error, expectToken } from './support/expect-oauth2.js';
import { startPipelineApp, type PipelineApp } from './support/pipeline-app.js';
import { sendRaw } from './support/raw-request.js';

describe.each(BODY_MODES)('form content type (RFC 6749 Appendix B), $mode', ({ options }) => {
  let p: PipelineApp;
  beforeAll(async () => {
    p = await startPipelineApp(options);
  });
  afterAll(() => p.t.close());

  const post = (contentType: string | undefined, body: string) =>
    sendRaw(p.t.http, {
      path: '/oauth2/token',
      headers: {
        authorization: p.auth,
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
      },
      body,
    });

  it.each([
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=UTF-8',
    'application/x-www-form-urlencoded;charset=utf-8',
    'Application/X-WWW-Form-Urlencoded; Charset="utf-8"',
  ])('accepts %s', async (contentType) => {
    expectToken(await post(contentType, 'grant_type=client_credentials&scope=read'));
  });

  it('rejects a JSON body with invalid_request naming the expected content type', async () => {
    const res = await post(
      'application/json',
      JSON.stringify({ grant_type: 'client_credentials', scope: 'read' }),
    );
    expectOAuth2Error(res, 400, 'invalid_request');
    expect((res.body as { error_description: string }).error_description).toMatch(
      /x-www-form-urlencoded/,
    );
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['multipart/form-data', 'multipart/form-data; boundary=x'],
    ['a look-alike type', 'application/x-www-form-urlencoded-json'],
    ['no content type', undefined],
  ])('rejects %s with invalid_request', async (_label, contentType) => {
    const res = await post(contentType, 'grant_type=client_credentials&scope=read');
    expectOAuth2Error(res, 400, 'invalid_request');
  });

  it('rejects a charset other than UTF-8', async () => {
    const res = await post(
      'application/x-www-form-urlencoded; charset=iso-8859-1',
      'grant_type=client_credentials',
    );
    expectOAuth2Error(res, 400, 'invalid_request');
  });
});
