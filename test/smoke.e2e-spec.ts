import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from './support/test-app.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp([OAuth2TokenModule.forRoot()]);
    await t.addScopes('read', 'write');
  });
  afterAll(() => t.close());

  it('issues a client_credentials token', async () => {
    const { clientId, clientSecret } = await t.addClient();
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic(clientId, clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'read' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: 'read' });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
