import { afterAll, beforeAll, describe, it } from '@jest/globals';
import request from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { expectOAuth2Error } from './support/expect-oauth2.js';

/** Whatever client_id a request carries, an unknown one is 401 invalid_client: never a database error (500). */
describe('client_id values the database may dislike', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp([OAuth2TokenModule.forRoot()]);
    await t.addClient();
  });
  afterAll(() => t.close());

  const VALUES = [
    ['a NUL character', 'client\u0000id'],
    ['a value longer than the column', 'x'.repeat(4000)],
    ['SQL syntax', "' OR '1'='1"],
    ['a lone surrogate escape', '\uFFFD\uFFFF'],
  ];

  it.each(VALUES)('in the body: %s', async (_label, clientId) => {
    const res = await request(t.http)
      .post('/oauth2/token')
      .type('form')
      .send(
        new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: 's',
        }).toString(),
      );
    expectOAuth2Error(res, 401, 'invalid_client');
  });

  it.each(VALUES)('in HTTP Basic: %s', async (_label, clientId) => {
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic(clientId, 's'))
      .type('form')
      .send('grant_type=client_credentials');
    expectOAuth2Error(res, 401, 'invalid_client');
  });
});
