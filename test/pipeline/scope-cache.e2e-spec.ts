import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AccessRange, OAuth2TokenModule } from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { expectOAuth2Error, expectToken } from './support/expect-oauth2.js';

describe('scopeCacheSeconds: registered scopes are remembered, unknown ones never', () => {
  let t: TestApp;
  afterEach(() => t.close());

  async function start(scopeCacheSeconds?: number) {
    t = await createTestApp([OAuth2TokenModule.forRoot({ scopeCacheSeconds })]);
    const { clientId, clientSecret } = await t.addClient();
    const auth = basic(clientId, clientSecret);
    return (scope: string) =>
      request(t.http)
        .post('/oauth2/token')
        .set('Authorization', auth)
        .type('form')
        .send({ grant_type: 'client_credentials', scope });
  }
  const unregister = (key: string) => t.dataSource.getRepository(AccessRange).delete({ key });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('grants a scope registered after it was refused, at once', async () => {
    const token = await start();
    expectOAuth2Error(await token('later'), 400, 'invalid_scope');
    await t.addScopes('later');
    expect(expectToken(await token('later')).scope).toBe('later');
  });

  it('keeps granting a removed scope until the cache time has passed, then refuses it', async () => {
    const token = await start(1);
    await t.addScopes('read', 'write');
    expectToken(await token('read write'));
    await unregister('read');
    expect(expectToken(await token('read')).scope).toBe('read');
    await sleep(1100);
    expectOAuth2Error(await token('read'), 400, 'invalid_scope');
    expectOAuth2Error(await token('read write'), 400, 'invalid_scope');
    expect(expectToken(await token('write')).scope).toBe('write');
  });

  it('asks the database on every request with 0', async () => {
    const token = await start(0);
    await t.addScopes('read');
    expectToken(await token('read'));
    await unregister('read');
    expectOAuth2Error(await token('read'), 400, 'invalid_scope');
  });
});
