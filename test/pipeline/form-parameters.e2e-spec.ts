import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { BODY_MODES, FORM, formBody } from './support/body-modes.js';
import { expectOAuth2Error, expectToken, type ResponseLike } from './support/expect-oauth2.js';
import { startPipelineApp, type PipelineApp } from './support/pipeline-app.js';
import { sendRaw } from './support/raw-request.js';
import { testHttpPlatform } from '../support/http-adapter.js';

/** A parsing trick must end in a normal answer: a token (ignored name) or invalid_request, never a crash. */
function expectHandled(res: ResponseLike): void {
  if (res.status === 200) expectToken(res);
  else expectOAuth2Error(res, 400, 'invalid_request');
}

describe.each(BODY_MODES)('form parameters (RFC 6749 §3.2), $mode', ({ options }) => {
  let p: PipelineApp;
  beforeAll(async () => {
    p = await startPipelineApp(options);
  });
  afterAll(() => p.t.close());

  const nestFastifyParserRefuses = (body: string) =>
    testHttpPlatform() === 'fastify' && !('bodyParser' in options) && /(^|&)__proto__=/.test(body);

  const post = (body: string, authorization: string | null = p.auth) =>
    sendRaw(p.t.http, {
      path: '/oauth2/token',
      headers: { ...FORM, ...(authorization === null ? {} : { authorization }) },
      body,
    });

  describe('a repeated parameter is invalid_request', () => {
    it.each([
      [
        'grant_type, two values',
        [
          ['grant_type', 'client_credentials'],
          ['grant_type', 'password'],
        ],
      ],
      [
        'grant_type, same value',
        [
          ['grant_type', 'client_credentials'],
          ['grant_type', 'client_credentials'],
        ],
      ],
      [
        'scope',
        [
          ['grant_type', 'client_credentials'],
          ['scope', 'read'],
          ['scope', 'write'],
        ],
      ],
      [
        'client_id',
        [
          ['grant_type', 'client_credentials'],
          ['client_id', 'a'],
          ['client_id', 'a'],
        ],
      ],
    ] as [string, [string, string][]][])('%s (Basic auth)', async (_label, pairs) => {
      expectOAuth2Error(await post(formBody(...pairs)), 400, 'invalid_request');
    });

    it('client_id and client_secret repeated in the body', async () => {
      const res = await post(
        formBody(['grant_type', 'client_credentials'], ...p.bodyCredentials, ...p.bodyCredentials),
        null,
      );
      expectOAuth2Error(res, 400, 'invalid_request');
    });
  });

  describe('bracket syntax never becomes structure', () => {
    it.each([
      'grant_type[]=client_credentials',
      'grant_type[0]=client_credentials',
      'grant_type[x]=client_credentials',
    ])('%s is invalid_request', async (body) => {
      expectOAuth2Error(await post(body), 400, 'invalid_request');
    });

    it('client_secret[]= never authenticates', async () => {
      const res = await post(
        `grant_type=client_credentials&client_id=${encodeURIComponent(p.clientId)}&client_secret[]=${encodeURIComponent(p.clientSecret)}`,
        null,
      );
      expect(res.status).not.toBe(200);
      expect(['invalid_request', 'invalid_client']).toContain(
        (res.body as { error: string }).error,
      );
    });

    describe('prototype pollution', () => {
      afterEach(() => {
        for (const name of ['x', 'y', 'z', 'polluted']) {
          delete (Object.prototype as Record<string, unknown>)[name];
        }
      });

      it.each([
        '__proto__[x]=1&grant_type=client_credentials',
        '__proto__.y=1&grant_type=client_credentials',
        'constructor[prototype][z]=1&grant_type=client_credentials',
        '__proto__=polluted&grant_type=client_credentials',
        '__proto__[grant_type]=password&grant_type=client_credentials',
      ])('%s pollutes nothing', async (body) => {
        const res = await post(body);
        // On Fastify, Nest's own form parser (default and rawBody modes) refuses a `__proto__` name with its 400
        // before the module sees the request.
        if (nestFastifyParserRefuses(body)) expect(res.status).toBe(400);
        else expectHandled(res);
        const probe = {} as Record<string, unknown>;
        expect([probe.x, probe.y, probe.z, probe.polluted, probe.grant_type]).toEqual(
          Array(5).fill(undefined),
        );
      });
    });
  });

  describe('an empty value counts as absent (RFC 6749 §3.2)', () => {
    it('an empty body is invalid_request', async () => {
      expectOAuth2Error(await post(''), 400, 'invalid_request');
    });

    it('an empty body sent chunked is invalid_request', async () => {
      const res = await sendRaw(p.t.http, {
        path: '/oauth2/token',
        headers: { ...FORM, authorization: p.auth },
        body: '',
        chunked: true,
      });
      expectOAuth2Error(res, 400, 'invalid_request');
    });

    it('grant_type= is invalid_request', async () => {
      expectOAuth2Error(await post('grant_type='), 400, 'invalid_request');
    });

    it('scope= acts exactly like no scope', async () => {
      const empty = expectToken(await post('grant_type=client_credentials&scope='));
      const none = expectToken(await post('grant_type=client_credentials'));
      expect(Object.keys(empty).sort()).toEqual(Object.keys(none).sort());
      expect(empty).not.toHaveProperty('scope');
    });

    it('client_secret= beside Basic is not a second authentication method', async () => {
      expectToken(await post('grant_type=client_credentials&client_secret='));
    });

    it('client_id= beside Basic is not a mismatching client_id', async () => {
      expectToken(await post('grant_type=client_credentials&client_id='));
    });

    it('client_secret= does not authenticate a confidential client', async () => {
      const res = await post(
        formBody(
          ['grant_type', 'client_credentials'],
          ['client_id', p.clientId],
          ['client_secret', ''],
        ),
        null,
      );
      expectOAuth2Error(res, 401, 'invalid_client');
    });
  });

  describe('unknown parameters are ignored (RFC 6749 §3.2)', () => {
    it('an unknown name changes nothing', async () => {
      const body = expectToken(
        await post('grant_type=client_credentials&scope=read&foo=bar&x-unknown=%E2%9C%93&flag'),
      );
      expect(body.scope).toBe('read');
    });

    it('parameter names are case-sensitive', async () => {
      expectOAuth2Error(await post('Grant_Type=client_credentials'), 400, 'invalid_request');
    });
  });
});
