import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { All, Controller, Get, UseGuards } from '@nestjs/common';
import request from 'supertest';
import {
  OAuth2Guard,
  OAuth2User,
  RequireScopes,
  type AuthenticatedToken,
} from 'nestjs-oauth2-token';
import {
  expectRefusal,
  macAuthorization,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
} from '../support/resource-app.js';

@Controller('api')
@UseGuards(OAuth2Guard)
@RequireScopes('email')
class ApiController {
  @Get('email')
  email(@OAuth2User() token: AuthenticatedToken) {
    return { tokenType: token.tokenType, scopes: token.scopes };
  }

  @All('any')
  any(@OAuth2User() token: AuthenticatedToken) {
    return { tokenType: token.tokenType };
  }
}

// A tampered request is refused, then the same header on the request as signed succeeds: the tampered element alone
// made the difference, and the refused request did not use up the nonce.
describe('resource server, MAC: every signed element is verified (draft-ietf-oauth-v2-http-mac-01, B09)', () => {
  let t: ResourceApp;
  let token: IssuedToken;
  beforeAll(async () => {
    t = await startResourceApp({ controllers: [ApiController] });
    token = await t.issue('mac', 'email');
    expect(token.mac_key).toEqual(expect.any(String));
  });
  afterAll(() => t.close());

  const send = (method: 'get' | 'post', uri: string, authorization: string) =>
    request(t.http)[method](uri).set('Authorization', authorization);
  const expectInvalid = async (res: request.Response) => {
    expectRefusal(res, { status: 401, error: 'invalid_token', scheme: 'MAC' });
  };

  it('accepts a correctly signed request and hands the token to the handler', async () => {
    const res = await send(
      'get',
      '/api/email',
      macAuthorization(token, { method: 'GET', uri: '/api/email' }),
    );
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { tokenType: 'mac', scopes: ['email'] },
    });
  });

  it('accepts a signed request with a query string and with ext', async () => {
    const uri = '/api/any?b=2&a=1';
    const withQuery = await send('get', uri, macAuthorization(token, { method: 'GET', uri }));
    expect(withQuery.status).toBe(200);
    const ext = await send(
      'post',
      '/api/any',
      macAuthorization(token, { method: 'POST', uri: '/api/any', ext: 'app-data 1' }),
    );
    expect(ext.status).toBe(200);
  });

  it('signs the request URI as sent, percent-encoding included', async () => {
    const uri = '/api/any?q=a%20b&path=%2Fetc';
    const header = macAuthorization(token, { method: 'GET', uri });
    await expectInvalid(await send('get', '/api/any?q=a+b&path=%2Fetc', header));
    expect((await send('get', uri, header)).status).toBe(200);
  });

  it('refuses a request sent with another method than signed', async () => {
    const header = macAuthorization(token, { method: 'GET', uri: '/api/any' });
    await expectInvalid(await send('post', '/api/any', header));
    expect((await send('get', '/api/any', header)).status).toBe(200);
  });

  it('refuses a request sent to another path than signed', async () => {
    const header = macAuthorization(token, { method: 'GET', uri: '/api/email' });
    await expectInvalid(await send('get', '/api/any', header));
    expect((await send('get', '/api/email', header)).status).toBe(200);
  });

  it('refuses a request whose query differs from the signed one', async () => {
    const header = macAuthorization(token, { method: 'GET', uri: '/api/any?amount=1' });
    await expectInvalid(await send('get', '/api/any?amount=1000', header));
    await expectInvalid(await send('get', '/api/any', header));
    expect((await send('get', '/api/any?amount=1', header)).status).toBe(200);
  });

  it('refuses a signature made for another host', async () => {
    const header = macAuthorization(token, { method: 'GET', uri: '/api/email', host: 'evil.test' });
    await expectInvalid(await send('get', '/api/email', header));
  });

  it('refuses a signature made for another port', async () => {
    const header = macAuthorization(token, { method: 'GET', uri: '/api/email', port: 8443 });
    await expectInvalid(await send('get', '/api/email', header));
  });

  it('refuses a request whose ext was changed after signing', async () => {
    const header = macAuthorization(token, { method: 'GET', uri: '/api/email', ext: 'role=user' });
    const tampered = header.replace('ext="role=user"', 'ext="role=admin"');
    expect(tampered).not.toBe(header);
    await expectInvalid(await send('get', '/api/email', tampered));
    expect((await send('get', '/api/email', header)).status).toBe(200);
  });

  it('refuses a request whose ext was added or removed after signing', async () => {
    const unsigned = macAuthorization(token, { method: 'GET', uri: '/api/email' });
    const added = unsigned.replace(', mac=', ', ext="x", mac=');
    await expectInvalid(await send('get', '/api/email', added));
    expect((await send('get', '/api/email', unsigned)).status).toBe(200);
    const signed = macAuthorization(token, { method: 'GET', uri: '/api/email', ext: 'x' });
    const removed = signed.replace('ext="x", ', '');
    await expectInvalid(await send('get', '/api/email', removed));
    expect((await send('get', '/api/email', signed)).status).toBe(200);
  });

  it('refuses a signature made with another key', async () => {
    const other = await t.issue('mac', 'email');
    const header = macAuthorization(
      { ...token, mac_key: other.mac_key },
      { method: 'GET', uri: '/api/email' },
    );
    await expectInvalid(await send('get', '/api/email', header));
  });

  it('refuses a changed mac value', async () => {
    const header = macAuthorization(token, { method: 'GET', uri: '/api/email' });
    const mac = /mac="([^"]+)"/.exec(header)![1];
    const flipped = `${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    await expectInvalid(await send('get', '/api/email', header.replace(mac, flipped)));
  });

  it('refuses a revoked MAC token even when correctly signed', async () => {
    const revoked = await t.issue('mac', 'email');
    await t.updateToken(revoked.access_token, { revokedAt: Math.floor(Date.now() / 1000) });
    const header = macAuthorization(revoked, { method: 'GET', uri: '/api/email' });
    await expectInvalid(await send('get', '/api/email', header));
  });

  it('answers a MAC token without the scope with 403 insufficient_scope in a MAC challenge', async () => {
    const other = await t.issue('mac', 'other');
    const header = macAuthorization(other, { method: 'GET', uri: '/api/email' });
    const res = await send('get', '/api/email', header);
    const params = expectRefusal(res, { status: 403, error: 'insufficient_scope', scheme: 'MAC' });
    expect(params.scope).toBe('email');
  });
});
