import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { AutoApproveModule } from './support/auto-approve.controller.js';

/**
 * Whatever client_id an authorization request carries, an unknown one is an error to show (invalid_request): never a
 * database error. Found by the fuzzer (test/fuzz/authorize.e2e-spec.ts): on PostgreSQL a NUL character reached the
 * client lookup, which failed with "invalid byte sequence for encoding UTF8" and a 500.
 */
describe('Authorizer: client_id values the database may dislike', () => {
  let t: E2eApp;
  beforeAll(async () => {
    const registration = OAuth2TokenModule.forRoot();
    t = await startE2eApp([registration, AutoApproveModule.forRegistration(registration)]);
    await t.addClient({ redirectUris: ['https://client.example/cb'] });
  });
  afterAll(() => t.close());

  it.each([
    ['a NUL character', 'client\u0000id'],
    ['a value longer than the column', 'x'.repeat(4000)],
    ['SQL syntax', "' OR '1'='1"],
    ['a lone surrogate escape', '\uFFFD\uFFFF'],
  ])('%s is an unknown client, shown and not redirected', async (_label, clientId) => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: 'https://client.example/cb',
    });
    const res = await request(t.http).get(`/authorize?${query}`);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { shown: { error: 'invalid_request', description: 'Unknown client' } },
    });
  });
});
