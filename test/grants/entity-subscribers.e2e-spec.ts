import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntitySubscriberInterface, InsertEvent, UpdateEvent } from 'typeorm';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

/** Listens to every entity, so the module must keep the repository path and its events. */
class AuditSubscriber implements EntitySubscriberInterface {
  readonly events: string[] = [];
  afterInsert(event: InsertEvent<object>) {
    this.events.push(`insert ${event.metadata.tableName}`);
  }
  afterUpdate(event: UpdateEvent<object>) {
    this.events.push(`update ${event.metadata.tableName}`);
  }
}

describe('grants on a DataSource with an entity subscriber (repository path)', () => {
  let t: E2eApp;
  let client: TestClient;
  const audit = new AuditSubscriber();
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    // Added before the first token request, as if registered at initialisation.
    t.dataSource.subscribers.push(audit);
    await t.addScopes('read');
    client = await t.addClient();
  });
  afterAll(() => t.close());

  it('redeems a code once, rotates a refresh token once, and the subscriber sees every write', async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
    audit.events.length = 0;
    const first = expectToken(
      await postToken(t, { grant_type: 'authorization_code', code }, client),
    );
    expect(audit.events).toEqual(['update oauth2_code', 'insert oauth2_access_token']);

    const refreshes = await Promise.all(
      Array.from({ length: 10 }, () =>
        postToken(t, { grant_type: 'refresh_token', refresh_token: first.refresh_token }, client),
      ),
    );
    expect(refreshes.filter((res) => res.status === 200)).toHaveLength(1);
    for (const res of refreshes.filter((r) => r.status !== 200)) {
      expectOAuthError(res, 'invalid_grant');
    }
    const family = await t.rows('oauth2_access_token', { user_id: 'u1' });
    expect(family).toHaveLength(2);
  });
});

describe('a subscriber that fails after the token INSERT', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    t.dataSource.subscribers.push({
      afterInsert(event: InsertEvent<object>) {
        if (event.metadata.tableName === 'oauth2_access_token') throw new Error('audit log down');
      },
    });
    await t.addScopes('read');
    client = await t.addClient({ grantTypes: ['client_credentials'] });
  });
  afterAll(() => t.close());

  it('fails the request and stores no token: the INSERT and its events share a transaction', async () => {
    // In parallel, so that on SQLite they share a group commit.
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        postToken(t, { grant_type: 'client_credentials', scope: 'read' }, client),
      ),
    );
    expect(responses.map((res) => [res.status, res.body.error])).toEqual(
      Array.from({ length: 5 }, () => [500, 'server_error']),
    );
    expect(await t.rows('oauth2_access_token', { client_id: client.clientId })).toEqual([]);
  });
});
