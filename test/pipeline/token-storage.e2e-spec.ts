import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  AccessToken,
  Client,
  OAuth2TokenModule,
  RESOURCE_OWNER_AUTHENTICATOR,
} from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { expectToken } from './support/expect-oauth2.js';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url');

/** Every row of an entity's table, as the database returns it (column names, raw values). */
function rawRows(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>) {
  return dataSource
    .createQueryBuilder()
    .select('*')
    .from(entity, 'row')
    .getRawMany<Record<string, unknown>>();
}

describe('storage: only SHA-256 hashes of tokens and secrets (RFC 6749 §10.3, RFC 9700 §4)', () => {
  let t: TestApp;
  let clientId: string;
  let clientSecret: string;
  let issued: Record<string, unknown>;
  beforeAll(async () => {
    t = await createTestApp([
      OAuth2TokenModule.forRoot({
        providers: [
          {
            provide: RESOURCE_OWNER_AUTHENTICATOR,
            useValue: { authenticate: async () => 'user-7' },
          },
        ],
      }),
    ]);
    await t.addScopes('read');
    clientSecret = 'stored-only-as-hash:+% ~ thirty-two chars';
    ({ clientId } = await t.addClient({
      secret: clientSecret,
      grantTypes: ['password', 'client_credentials'],
    }));
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic(clientId, clientSecret))
      .type('form')
      .send('grant_type=password&username=alice&password=wonderland&scope=read');
    issued = expectToken(res);
  });
  afterAll(() => t.close());

  it('issued both an access and a refresh token', () => {
    expect(issued.access_token).toEqual(expect.any(String));
    expect(issued.refresh_token).toEqual(expect.any(String));
  });

  it('stores neither token nor the client secret in any column', async () => {
    const rows = [
      ...(await rawRows(t.dataSource, AccessToken)),
      ...(await rawRows(t.dataSource, Client)),
    ];
    const stored = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const secret of [issued.access_token, issued.refresh_token, clientSecret]) {
      expect(stored).not.toContain(String(secret));
    }
    for (const value of rows.flatMap((row) => Object.values(row))) {
      if (typeof value !== 'string') continue;
      expect([issued.access_token, issued.refresh_token, clientSecret]).not.toContain(value);
    }
  });

  it('stores token_hash = base64url(sha256(access_token)) and the refresh token hashed alike', async () => {
    const rows = await rawRows(t.dataSource, AccessToken);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(sha256(String(issued.access_token)));
    expect(rows[0].refresh_token_hash).toBe(sha256(String(issued.refresh_token)));
  });

  it('stores the client secret as base64url(sha256(secret))', async () => {
    const rows = await rawRows(t.dataSource, Client);
    const row = rows.find((candidate) => candidate.client_id === clientId);
    expect(row?.secret_hash).toBe(sha256(clientSecret));
  });

  it('a client_credentials token is stored hashed too', async () => {
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic(clientId, clientSecret))
      .type('form')
      .send('grant_type=client_credentials');
    const body = expectToken(res);
    const rows = await rawRows(t.dataSource, AccessToken);
    expect(rows.map((row) => row.token_hash)).toContain(sha256(String(body.access_token)));
    expect(JSON.stringify(rows)).not.toContain(String(body.access_token));
  });
});
