import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  AccessToken,
  Code,
  MACNonce,
  OAuth2TokenModule,
  TokenHousekeeping,
} from 'nestjs-oauth2-token';
import { UsedJtiStore } from '../src/persistence/used-jti.store.js';
import { basic, createTestApp, type TestApp } from './support/test-app.js';

describe('TokenHousekeeping.purgeExpired', () => {
  let t: TestApp;
  let auth: string;
  let clientId: string;
  beforeAll(async () => {
    t = await createTestApp([OAuth2TokenModule.forRoot()]);
    const client = await t.addClient({ redirectUris: ['https://app.test/cb'] });
    clientId = client.clientId;
    auth = basic(client.clientId, client.clientSecret);
  });
  afterAll(() => t.close());

  const issue = async () => {
    const code = await t.issueCode({ clientId, userId: 'u', redirectUri: 'https://app.test/cb' });
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', auth)
      .type('form')
      .send({ grant_type: 'authorization_code', code, redirect_uri: 'https://app.test/cb' });
    expect(res.status).toBe(200);
  };
  const count = (entity: typeof AccessToken | typeof Code | typeof MACNonce) =>
    t.dataSource.getRepository(entity).count();

  it('deletes only what can never be used again, in batches', async () => {
    for (let i = 0; i < 5; i++) await issue();
    const tokens = t.dataSource.getRepository(AccessToken);
    const all = await tokens.find({ order: { id: 'ASC' } });
    const past = Math.floor(Date.now() / 1000) - 10;
    // Three dead tokens; one whose access token expired but whose refresh token still lives; one live.
    for (const token of all.slice(0, 3)) {
      await tokens.update(token.id, { expiresAt: past, refreshExpiresAt: past });
    }
    await tokens.update(all[3].id, { expiresAt: past });
    await t.dataSource.getRepository(Code).update({ clientId }, { expiresAt: past });
    await t.dataSource.getRepository(MACNonce).insert([
      { accessTokenId: all[4].id, nonce: 'old', createdAt: past - 3600 },
      { accessTokenId: all[4].id, nonce: 'fresh', createdAt: past + 10 },
    ]);

    const jtis = t.app.get(UsedJtiStore);
    const use = (jti: string, expiresAt: number) =>
      jtis.consume({ kind: 'dpop', issuer: 'key', jti, expiresAt });
    expect(await use('expired', past)).toBe(true);
    expect(await use('live', past + 3600)).toBe(true);

    const result = await t.app.get(TokenHousekeeping).purgeExpired({ batchSize: 2 });
    expect(result).toEqual({ codes: 5, tokens: 3, macNonces: 1, usedJtis: 1, signingKeys: 0 });
    expect(await count(AccessToken)).toBe(2);
    expect(await count(Code)).toBe(0);
    expect(await count(MACNonce)).toBe(1);
    // The live record still refuses its replay; the purged one's JWT is expired, so it cannot come back.
    expect(await use('live', past + 3600)).toBe(false);
    expect(await t.app.get(TokenHousekeeping).purgeExpired()).toEqual({
      codes: 0,
      tokens: 0,
      macNonces: 0,
      usedJtis: 0,
      signingKeys: 0,
    });
  });
});
