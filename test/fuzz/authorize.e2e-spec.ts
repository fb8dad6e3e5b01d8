import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { Code } from 'nestjs-oauth2-token';
import { startSampleServer, type SampleServer } from '../interop/support/sample-server.js';
import { testHttpPlatform } from '../support/http-adapter.js';
import {
  authorizeCase,
  type AuthorizeCase,
  type AuthorizeClients,
} from './support/authorize-cases.js';
import { checkAuthorizeAnswer } from './support/authorize-oracle.js';
import { fuzz, timeoutOf } from './support/fuzz-runner.js';
import { sendRawHttp } from './support/raw-http.js';

const PATH = '/oauth2/authorize';

describe("fuzzing the sample app's authorization page (Authorizer) with random query strings", () => {
  let server: SampleServer;
  let port: number;
  let clients: AuthorizeClients;
  const adapter = process.env.HTTP_ADAPTER;
  beforeAll(async () => {
    // The sample app picks its platform from HTTP_ADAPTER; the e2e runs choose theirs with TEST_HTTP_ADAPTER.
    process.env.HTTP_ADAPTER = testHttpPlatform();
    server = await startSampleServer();
    port = (server.app.getHttpServer().address() as AddressInfo).port;
    const register = async (registration: Parameters<SampleServer['addClient']>[0]) => ({
      clientId: (await server.addClient(registration)).clientId,
      redirectUris: registration.redirectUris ?? [],
    });
    clients = {
      confidential: await register({
        redirectUris: ['https://client.example/cb', 'https://client.example/other'],
        grantTypes: ['authorization_code', 'refresh_token'],
      }),
      spa: await register({
        isPublic: true,
        redirectUris: ['http://127.0.0.1:9/spa-callback'],
        grantTypes: ['authorization_code', 'refresh_token'],
      }),
      machine: await register({
        redirectUris: ['https://machine.example/cb'],
        grantTypes: ['client_credentials'],
      }),
    };
  });
  afterAll(async () => {
    await server?.close();
    if (adapter === undefined) delete process.env.HTTP_ADAPTER;
    else process.env.HTTP_ADAPTER = adapter;
  });

  const send = async (c: AuthorizeCase) => {
    const res = await sendRawHttp(port, {
      method: c.method,
      target: `${PATH}?${c.query}`,
      headers: c.method === 'POST' ? [['Content-Type', 'application/x-www-form-urlencoded']] : [],
      body: c.method === 'POST' && c.body ? Buffer.from(c.body) : undefined,
    });
    return checkAuthorizeAnswer(c, res, clients);
  };

  it(
    'the consent page, an error page or a redirect to the registered URI only; never a 5xx, never a code',
    async () => {
      const valid = new URLSearchParams({
        response_type: 'code',
        client_id: clients.confidential.clientId,
        redirect_uri: clients.confidential.redirectUris[0],
        scope: 'email',
      }).toString();
      await fuzz(
        'authorization endpoint: random query strings',
        authorizeCase(clients),
        (c) => `${c.method} ${PATH}?${c.query}${c.body ? ` body ${JSON.stringify(c.body)}` : ''}`,
        send,
        async () => {
          const res = await sendRawHttp(port, {
            method: 'GET',
            target: `${PATH}?${valid}`,
            headers: [],
          });
          if (res.closed || res.status !== 200)
            throw new Error('the valid request no longer gets the page');
        },
      );
      expect(await server.dataSource.getRepository(Code).count()).toBe(0);
    },
    timeoutOf('authorization endpoint: random query strings'),
  );
});
