import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AccessToken, OAuth2TokenModule } from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { expectOAuth2Error, expectToken } from './support/expect-oauth2.js';

describe('token endpoint: HTTP method and path (RFC 6749 §3.2)', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await createTestApp([OAuth2TokenModule.forRoot()]);
    const { clientId, clientSecret } = await t.addClient();
    auth = basic(clientId, clientSecret);
  });
  afterAll(() => t.close());

  it.each(['get', 'put', 'delete', 'patch'] as const)(
    '%s is 405 with Allow: POST and a JSON error, issuing nothing',
    async (method) => {
      const tokens = t.dataSource.getRepository(AccessToken);
      const before = await tokens.count();
      const agent = request(t.http);
      const res = await agent[method]('/oauth2/token?grant_type=client_credentials')
        .set('Authorization', auth)
        .type('form')
        .send(method === 'get' ? '' : 'grant_type=client_credentials');
      expectOAuth2Error(res, 405, 'invalid_request');
      expect(res.headers['allow']).toBe('POST');
      expect(await tokens.count()).toBe(before);
    },
  );

  it('HEAD is 405 with Allow: POST', async () => {
    const res = await request(t.http).head('/oauth2/token').set('Authorization', auth);
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('POST');
  });

  it('POST is answered', async () => {
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', auth)
      .type('form')
      .send('grant_type=client_credentials');
    expectToken(res);
  });

  it('accepts a trailing slash on the path', async () => {
    const res = await request(t.http)
      .post('/oauth2/token/')
      .set('Authorization', auth)
      .type('form')
      .send('grant_type=client_credentials');
    expectToken(res);
  });

  it('answers GET on the trailing-slash path with 405 too', async () => {
    const res = await request(t.http).get('/oauth2/token/');
    expectOAuth2Error(res, 405, 'invalid_request');
    expect(res.headers['allow']).toBe('POST');
  });
});

describe('token endpoint: custom `path` option', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await createTestApp([OAuth2TokenModule.forRoot({ path: '/api/v2/access-token/' })]);
    const { clientId, clientSecret } = await t.addClient();
    auth = basic(clientId, clientSecret);
  });
  afterAll(() => t.close());

  it.each(['/api/v2/access-token', '/api/v2/access-token/'])('serves POST %s', async (path) => {
    const res = await request(t.http)
      .post(path)
      .set('Authorization', auth)
      .type('form')
      .send('grant_type=client_credentials');
    expectToken(res);
  });

  it('answers other methods on the custom path with 405', async () => {
    const res = await request(t.http).delete('/api/v2/access-token');
    expectOAuth2Error(res, 405, 'invalid_request');
    expect(res.headers['allow']).toBe('POST');
  });

  it('no longer serves the default path', async () => {
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', auth)
      .type('form')
      .send('grant_type=client_credentials');
    expect(res.status).toBe(404);
    expect(res.body).not.toHaveProperty('access_token');
  });
});
