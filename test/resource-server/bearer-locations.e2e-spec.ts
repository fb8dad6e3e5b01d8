import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import request from 'supertest';
import {
  BEARER,
  OAuth2Guard,
  OAuth2User,
  RequireScopes,
  type AuthenticatedToken,
} from 'nestjs-oauth2-token';
import { expectRefusal, startResourceApp, type ResourceApp } from '../support/resource-app.js';

@Controller('api')
@UseGuards(OAuth2Guard)
@RequireScopes('email')
class ApiController {
  @Get('email')
  read(@OAuth2User() token: AuthenticatedToken) {
    return { scopes: token.scopes };
  }

  @Post('email')
  @HttpCode(200)
  write(@OAuth2User() token: AuthenticatedToken) {
    return { scopes: token.scopes };
  }
}

describe('resource server, Bearer token locations: defaults (header only) (RFC 6750 §2, RFC 9700 §4.3.2)', () => {
  let t: ResourceApp;
  let token: string;
  beforeAll(async () => {
    t = await startResourceApp({
      resource: { authenticationMethods: BEARER },
      controllers: [ApiController],
    });
    token = (await t.issue('bearer', 'email')).access_token;
  });
  afterAll(() => t.close());

  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])(
    'accepts the Authorization scheme written %s',
    async (scheme) => {
      const res = await request(t.http)
        .get('/api/email')
        .set('Authorization', `${scheme} ${token}`);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: { scopes: ['email'] },
      });
    },
  );

  it('refuses a query-string token with 400 invalid_request, even a valid one (B07)', async () => {
    const res = await request(t.http).get('/api/email').query({ access_token: token });
    expectRefusal(res, { status: 400, error: 'invalid_request' });
  });

  it('ignores a form-body token: the request has no credentials (401, no error)', async () => {
    const res = await request(t.http).post('/api/email').type('form').send({ access_token: token });
    expectRefusal(res, { status: 401 });
  });
});

describe('resource server, Bearer token locations: allowQueryToken and allowBodyToken', () => {
  let t: ResourceApp;
  let token: string;
  beforeAll(async () => {
    t = await startResourceApp({
      resource: { authenticationMethods: BEARER, allowQueryToken: true, allowBodyToken: true },
      controllers: [ApiController],
    });
    token = (await t.issue('bearer', 'email')).access_token;
  });
  afterAll(() => t.close());

  it('accepts the token in the query string (RFC 6750 §2.3)', async () => {
    const res = await request(t.http).get('/api/email').query({ access_token: token });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { scopes: ['email'] },
    });
  });

  it('answers an unknown query-string token with 401 invalid_token', async () => {
    const res = await request(t.http).get('/api/email').query({ access_token: 'unknown' });
    expectRefusal(res, { status: 401, error: 'invalid_token' });
  });

  it('accepts the token in a form-encoded POST body (RFC 6750 §2.2)', async () => {
    const res = await request(t.http)
      .post('/api/email')
      .type('form')
      .send({ access_token: token, other: 'x' });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { scopes: ['email'] },
    });
  });

  it('does not take the token from a JSON body (only application/x-www-form-urlencoded)', async () => {
    const res = await request(t.http).post('/api/email').send({ access_token: token });
    expectRefusal(res, { status: 401 });
  });

  it('does not take the token from the body of a GET request', async () => {
    const res = await request(t.http)
      .get('/api/email')
      .type('form')
      .send(`access_token=${encodeURIComponent(token)}`);
    expectRefusal(res, { status: 401 });
  });

  it.each([
    ['twice', (token: string) => `access_token=${token}&access_token=${token}`],
    ['empty', () => 'access_token='],
    ['as a nested field', (token: string) => `access_token[a]=${token}`],
  ])('refuses a form-body access_token given %s with 400 invalid_request', async (_case, form) => {
    const res = await request(t.http).post('/api/email').type('form').send(form(token));
    expectRefusal(res, { status: 400, error: 'invalid_request' });
  });

  it('refuses a token in header and query with 400 invalid_request (B08)', async () => {
    const res = await request(t.http)
      .get('/api/email')
      .query({ access_token: token })
      .set('Authorization', `Bearer ${token}`);
    expectRefusal(res, { status: 400, error: 'invalid_request' });
  });

  it('refuses a token in header and body with 400 invalid_request (B08)', async () => {
    const res = await request(t.http)
      .post('/api/email')
      .set('Authorization', `Bearer ${token}`)
      .type('form')
      .send({ access_token: token });
    expectRefusal(res, { status: 400, error: 'invalid_request' });
  });

  it('refuses a token in query and body with 400 invalid_request (B08)', async () => {
    const res = await request(t.http)
      .post('/api/email')
      .query({ access_token: token })
      .type('form')
      .send({ access_token: token });
    expectRefusal(res, { status: 400, error: 'invalid_request' });
  });

  it('refuses two access_token query parameters with 400 invalid_request', async () => {
    const res = await request(t.http).get(`/api/email?access_token=${token}&access_token=${token}`);
    expectRefusal(res, { status: 400, error: 'invalid_request' });
  });
});
