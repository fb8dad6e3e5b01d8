import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import request from 'supertest';
import { OAuth2Guard, RequireScopes, computeMac } from 'nestjs-oauth2-token';
import {
  MAC_HOST,
  MAC_PORT,
  expectRefusal,
  macAuthorization,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
} from '../support/resource-app.js';

@Controller('api')
@UseGuards(OAuth2Guard)
class ApiController {
  @Get('email')
  @RequireScopes('email')
  email() {
    return { ok: true };
  }

  @Post('email')
  @HttpCode(200)
  @RequireScopes('email')
  postEmail() {
    return { ok: true };
  }
}

describe('resource server, MAC header syntax and scheme binding', () => {
  let t: ResourceApp;
  let macToken: IssuedToken;
  let bearerToken: IssuedToken;
  beforeAll(async () => {
    t = await startResourceApp({ controllers: [ApiController] });
    [macToken, bearerToken] = await Promise.all([
      t.issue('mac', 'email'),
      t.issue('bearer', 'email'),
    ]);
  });
  afterAll(() => t.close());

  const call = (authorization: string) =>
    request(t.http).get('/api/email').set('Authorization', authorization);
  const signature = (nonce: string) =>
    computeMac(macToken.mac_key!, {
      nonce,
      method: 'GET',
      uri: '/api/email',
      host: MAC_HOST,
      port: MAC_PORT,
    });

  it('accepts the MAC scheme name in any case', async () => {
    const header = macAuthorization(macToken, { method: 'GET', uri: '/api/email' });
    expect((await call(header.replace(/^MAC /, 'mac '))).status).toBe(200);
  });

  it.each([
    ['mac missing', (id: string) => `MAC id="${id}", nonce="0:a1"`, 'a1'],
    ['id missing', (_id: string, mac: string) => `MAC nonce="0:a2", mac="${mac}"`, 'a2'],
    ['nonce missing', (id: string, mac: string) => `MAC id="${id}", mac="${mac}"`, 'a3'],
    [
      'a duplicated parameter',
      (id: string, mac: string) => `MAC id="${id}", nonce="0:a4", nonce="0:a4", mac="${mac}"`,
      'a4',
    ],
    [
      'a duplicated mac',
      (id: string, mac: string) => `MAC id="${id}", nonce="0:a5", mac="${mac}", mac="${mac}"`,
      'a5',
    ],
    [
      'an unquoted value',
      (id: string, mac: string) => `MAC id=${id}, nonce="0:a6", mac="${mac}"`,
      'a6',
    ],
    ['no parameters', () => 'MAC', 'a7'],
    [
      'garbage between parameters',
      (id: string, mac: string) => `MAC id="${id}" ; nonce="0:a8", mac="${mac}"`,
      'a8',
    ],
  ])('answers a MAC header with %s with 400 invalid_request', async (_case, build, random) => {
    const header = build(macToken.access_token, signature(`0:${random}`));
    const res = await call(header);
    expectRefusal(res, { status: 400, error: 'invalid_request' });
  });

  it('refuses a MAC token presented as a Bearer token (no downgrade)', async () => {
    const res = await call(`Bearer ${macToken.access_token}`);
    expectRefusal(res, { status: 401, error: 'invalid_token', scheme: 'Bearer' });
  });

  it('refuses a bearer token presented in a MAC header, whatever key signs it', async () => {
    const header = macAuthorization(
      { ...bearerToken, mac_key: 'guessed-key' },
      { method: 'GET', uri: '/api/email' },
    );
    const res = await call(header);
    expectRefusal(res, { status: 401, error: 'invalid_token', scheme: 'MAC' });
  });

  it('still accepts each token in its own scheme', async () => {
    expect((await call(`Bearer ${bearerToken.access_token}`)).status).toBe(200);
    const header = macAuthorization(macToken, { method: 'GET', uri: '/api/email' });
    expect((await call(header)).status).toBe(200);
  });
});

describe('resource server, MAC tokens in the Bearer query and body locations', () => {
  let t: ResourceApp;
  let macToken: IssuedToken;
  beforeAll(async () => {
    t = await startResourceApp({
      resource: { allowQueryToken: true, allowBodyToken: true },
      controllers: [ApiController],
    });
    macToken = await t.issue('mac', 'email');
  });
  afterAll(() => t.close());

  it('refuses a MAC token sent as the access_token query parameter', async () => {
    const res = await request(t.http)
      .get('/api/email')
      .query({ access_token: macToken.access_token });
    expectRefusal(res, { status: 401, error: 'invalid_token', scheme: 'Bearer' });
  });

  it('refuses a MAC token sent as the access_token form parameter', async () => {
    const res = await request(t.http)
      .post('/api/email')
      .type('form')
      .send({ access_token: macToken.access_token });
    expectRefusal(res, { status: 401, error: 'invalid_token', scheme: 'Bearer' });
  });

  it('refuses a MAC header together with an access_token query parameter (400 invalid_request)', async () => {
    const uri = `/api/email?access_token=${macToken.access_token}`;
    const res = await request(t.http)
      .get(uri)
      .set('Authorization', macAuthorization(macToken, { method: 'GET', uri }));
    expectRefusal(res, { status: 400, error: 'invalid_request' });
  });
});
