import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  MAC_HOST,
  MAC_PORT,
  expectRefusal,
  macAuthorization,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
  type ResourceScenario,
  EmailApiController,
} from '../support/resource-app.js';

type Headers = Record<string, string>;

function scenario(resource: ResourceScenario['resource']) {
  const state = {} as { t: ResourceApp; token: IssuedToken };
  beforeAll(async () => {
    state.t = await startResourceApp({ resource, controllers: [EmailApiController] });
    state.token = await state.t.issue('mac', 'email');
  });
  afterAll(() => state.t.close());
  const call = (signedFor: { host: string; port: number }, headers: Headers = {}) =>
    request(state.t.http)
      .get('/api/email')
      .set(headers)
      .set(
        'Authorization',
        macAuthorization(state.token, { method: 'GET', uri: '/api/email', ...signedFor }),
      );
  return { state, call };
}

const expectInvalid = (res: request.Response) =>
  expectRefusal(res, { status: 401, error: 'invalid_token', scheme: 'MAC' });

describe('resource server, MAC host and port from macHost/macPort', () => {
  const { call } = scenario({});

  it('uses the configured host and port whatever the Host header says', async () => {
    expect(
      (await call({ host: MAC_HOST, port: MAC_PORT }, { Host: 'evil.test:8080' })).status,
    ).toBe(200);
  });

  it('refuses a signature over the Host header the attacker chose', async () => {
    expectInvalid(await call({ host: 'evil.test', port: 8080 }, { Host: 'evil.test:8080' }));
  });
});

describe('resource server, MAC host and port from the Host header (no macHost/macPort)', () => {
  const { state, call } = scenario({ macHost: undefined, macPort: undefined });

  it('accepts a signature over the host and port the client connected to', async () => {
    const { port } = state.t.http.address() as AddressInfo;
    expect((await call({ host: '127.0.0.1', port })).status).toBe(200);
  });

  it('takes the port of the Host header and compares the host case-insensitively', async () => {
    const headers = { Host: 'API.Example.org:8080' };
    expect((await call({ host: 'api.example.org', port: 8080 }, headers)).status).toBe(200);
    expectInvalid(await call({ host: 'api.example.org', port: 80 }, headers));
    expectInvalid(await call({ host: 'other.example.org', port: 8080 }, headers));
  });

  it('defaults the port to 80 on plain HTTP when the Host header has none', async () => {
    const headers = { Host: 'api.example.org' };
    expect((await call({ host: 'api.example.org', port: 80 }, headers)).status).toBe(200);
    expectInvalid(await call({ host: 'api.example.org', port: 443 }, headers));
  });

  it('ignores X-Forwarded-* headers unless trustProxyHeaders is set', async () => {
    const headers = {
      Host: 'internal:3000',
      'X-Forwarded-Host': 'public.example',
      'X-Forwarded-Proto': 'https',
    };
    expectInvalid(await call({ host: 'public.example', port: 443 }, headers));
    expect((await call({ host: 'internal', port: 3000 }, headers)).status).toBe(200);
  });
});

describe('resource server, MAC host and port from trusted proxy headers', () => {
  const { call } = scenario({ macHost: undefined, macPort: undefined, trustProxyHeaders: true });

  it('takes host from X-Forwarded-Host and the port from X-Forwarded-Proto', async () => {
    const headers = {
      Host: 'internal:3000',
      'X-Forwarded-Host': 'public.example',
      'X-Forwarded-Proto': 'https',
    };
    expect((await call({ host: 'public.example', port: 443 }, headers)).status).toBe(200);
    expectInvalid(await call({ host: 'internal', port: 3000 }, headers));
  });

  it('takes the port from X-Forwarded-Port when sent', async () => {
    const headers = {
      Host: 'internal:3000',
      'X-Forwarded-Host': 'public.example',
      'X-Forwarded-Port': '8443',
      'X-Forwarded-Proto': 'https',
    };
    expect((await call({ host: 'public.example', port: 8443 }, headers)).status).toBe(200);
    expectInvalid(await call({ host: 'public.example', port: 443 }, headers));
  });
});
