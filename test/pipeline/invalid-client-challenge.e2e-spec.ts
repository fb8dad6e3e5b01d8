import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Injectable,
  Module,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import request, { type Response } from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { basic } from '../support/test-app.js';

/** An app-wide guard of the host app that refuses requests carrying `x-test-deny` with Nest's own 401. */
@Injectable()
class DenyingGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const headers = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, unknown> }>().headers;
    if (headers['x-test-deny']) throw new UnauthorizedException();
    return true;
  }
}

/** The host app's module registering that guard for every route. */
@Module({ providers: [{ provide: APP_GUARD, useClass: DenyingGuard }] })
class HostAppGuardModule {}

/**
 * RFC 9110 §15.5.2 (and RFC 7235 §3.1 before it): a 401 MUST carry a `WWW-Authenticate` challenge. Every 401 the
 * module answers — client authentication with Basic, in the body or with `none`, a public client at introspection,
 * a 401 from the host app's own guard — carries `Basic realm="<the registration's realm>"`.
 */
describe('every 401 carries WWW-Authenticate: Basic realm="…"', () => {
  let t: E2eApp;
  let confidential: TestClient;
  let publicClient: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRoot({
        realm: 'tokens',
        revocationPath: 'oauth2/revoke',
        introspectionPath: 'oauth2/introspect',
      }),
      OAuth2TokenModule.forRoot({ path: 'other/token', realm: 'other realm' }),
      HostAppGuardModule,
    ]);
    confidential = await t.addClient();
    publicClient = await t.addClient({ isPublic: true });
  });
  afterAll(() => t.close());

  const post = (
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    request(t.http)
      .post(path)
      .set(headers)
      .type('form')
      .send(form)
      .then((res) => res);
  const expectChallenge = (res: Response, realm = 'tokens') =>
    expect({ status: res.status, challenge: res.headers['www-authenticate'] }).toEqual({
      status: 401,
      challenge: `Basic realm="${realm}"`,
    });
  const grant = { grant_type: 'client_credentials' };

  it.each([
    ['no client credentials at all', () => grant],
    [
      'a wrong client_secret in the body',
      () => ({ ...grant, client_id: confidential.clientId, client_secret: 'x' }),
    ],
    [
      'an unknown client_id in the body',
      () => ({ ...grant, client_id: 'nobody', client_secret: 'x' }),
    ],
    [
      "a confidential client's bare client_id",
      () => ({ ...grant, client_id: confidential.clientId }),
    ],
    [
      'a public client sending a secret in the body',
      () => ({ ...grant, client_id: publicClient.clientId, client_secret: 'x' }),
    ],
    ['a client_id no client can have', () => ({ ...grant, client_id: 'é' })],
  ])('token endpoint, %s', async (_name, form) => {
    const res = await post('/oauth2/token', form());
    expect(res.body.error).toBe('invalid_client');
    expectChallenge(res);
  });

  it('token endpoint, a wrong secret with Basic (as before)', async () => {
    expectChallenge(
      await post('/oauth2/token', grant, { authorization: basic(confidential.clientId, 'x') }),
    );
  });

  it('a client_secret_basic client sending its credentials in the body', async () => {
    const basicOnly = await t.addClient({ tokenEndpointAuthMethod: 'client_secret_basic' });
    const form = { ...grant, client_id: basicOnly.clientId, client_secret: basicOnly.clientSecret };
    expectChallenge(await post('/oauth2/token', form));
  });

  it("each registration's own realm", async () => {
    expectChallenge(await post('/other/token', grant), 'other realm');
  });

  it.each(['/oauth2/revoke', '/oauth2/introspect'])(
    '%s, a wrong client_secret in the body',
    async (path) => {
      const form = { token: 'x', client_id: confidential.clientId, client_secret: 'x' };
      expectChallenge(await post(path, form));
    },
  );

  it('introspection by a public client (RFC 7662 §2.1: it cannot authenticate)', async () => {
    const res = await post('/oauth2/introspect', { token: 'x', client_id: publicClient.clientId });
    expect(res.body.error).toBe('invalid_client');
    expectChallenge(res);
  });

  it("a 401 from the host app's guard on the module's route", async () => {
    expectChallenge(await post('/oauth2/token', grant, { 'x-test-deny': '1' }));
  });
});
