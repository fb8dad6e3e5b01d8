import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import request from 'supertest';
import { OAuth2TokenModule, type OAuth2AuditRecord } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { authenticatorProvider } from '../support/resource-owners.js';
import {
  EmailApiController,
  macAuthorization,
  startResourceApp,
  type ResourceApp,
} from '../support/resource-app.js';
import { basic } from '../support/test-app.js';
import { expectToken, postToken, s256 } from '../support/token-request.js';

/** Hears every audit event, as an app's audit log would. */
@Injectable()
class AuditLog {
  readonly records: OAuth2AuditRecord[] = [];

  @OnEvent('oauth2.**')
  record(record: OAuth2AuditRecord): void {
    this.records.push(record);
  }

  /** The records since `from` (an index), without their times. */
  since(from: number): Omit<OAuth2AuditRecord, 'at'>[] {
    return this.records.slice(from).map(({ at: _at, ...event }) => event);
  }
}

@Module({ providers: [AuditLog], exports: [AuditLog] })
class AuditLogModule {}

const bus = () => EventEmitterModule.forRoot({ wildcard: true, delimiter: '.' });
const REDIRECT = 'https://client.test/cb';

describe('audit events (oauth2.* on @nestjs/event-emitter)', () => {
  let t: E2eApp;
  let log: AuditLog;
  let client: TestClient;
  /** Every secret value the flows below see: none may reach an event, nor its hash. */
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await startE2eApp([
      bus(),
      AuditLogModule,
      OAuth2TokenModule.forRoot({
        revocationPath: 'oauth2/revoke',
        providers: [authenticatorProvider],
        bruteForceLimits: { clientPerAddress: { limit: 2, windowSeconds: 60, blockSeconds: 60 } },
      }),
    ]);
    log = t.app.get(AuditLog);
    await t.addScopes('read');
    client = await t.addClient({
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
      redirectUris: [REDIRECT],
      ownerId: 'owner-1',
    });
    secrets.push(client.clientSecret);
  });
  afterAll(() => t.close());

  it('tells of a token issued, with its grant, client, user, scope and type', async () => {
    const from = log.records.length;
    const body = expectToken(
      await postToken(t, { grant_type: 'client_credentials', scope: 'read' }, client),
    );
    secrets.push(body.access_token);
    expect(log.since(from)).toEqual([
      {
        type: 'token.issued',
        grantType: 'client_credentials',
        clientId: client.clientId,
        userId: 'owner-1',
        scope: ['read'],
        tokenType: 'bearer',
        refreshable: false,
      },
    ]);
    expect(log.records[from].at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('tells of a code replay and a refresh-token reuse, and what each revoked', async () => {
    const verifier = 'v'.repeat(50);
    const code = await t.issueCode({
      clientId: client.clientId,
      userId: 'user-7',
      redirectUri: REDIRECT,
      scope: 'read',
      codeChallenge: s256(verifier),
      codeChallengeMethod: 'S256',
    });
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    };
    const first = expectToken(await postToken(t, form, client));
    const refresh = { grant_type: 'refresh_token', refresh_token: first.refresh_token! };
    const second = expectToken(await postToken(t, refresh, client));
    secrets.push(code, verifier, first.access_token, first.refresh_token!, second.access_token);
    const from = log.records.length;
    expect((await postToken(t, refresh, client)).status).toBe(400);
    expect((await postToken(t, form, client)).status).toBe(400);
    const [row] = await t.rows('oauth2_access_token', {
      token_hash: hashSecret(first.access_token),
    });
    expect(log.since(from)).toEqual([
      {
        type: 'refresh_token.reused',
        clientId: client.clientId,
        userId: 'user-7',
        familyId: row.family_id,
      },
      { type: 'code.replayed', clientId: client.clientId, userId: 'user-7', codeId: row.code_id },
    ]);
    expect(log.records.slice(from - 2, from).map((r) => r.type)).toEqual([
      'token.issued',
      'token.refreshed',
    ]);
  });

  it('tells of a revocation', async () => {
    const body = expectToken(await postToken(t, { grant_type: 'client_credentials' }, client));
    secrets.push(body.access_token);
    const from = log.records.length;
    const res = await request(t.http)
      .post('/oauth2/revoke')
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .type('form')
      .send({ token: body.access_token });
    expect(res.status).toBe(200);
    expect(log.since(from)).toEqual([
      expect.objectContaining({
        type: 'token.revoked',
        clientId: client.clientId,
        tokenKind: 'access_token',
      }),
    ]);
  });

  it('tells of failed client and resource-owner authentication, and of the rate limit', async () => {
    const from = log.records.length;
    const wrong = { clientId: client.clientId, clientSecret: 'x'.repeat(40) };
    secrets.push(wrong.clientSecret, 'not-her-password');
    const password = {
      grant_type: 'password',
      username: 'alice',
      password: 'not-her-password',
    };
    expect((await postToken(t, password, client)).status).toBe(400);
    for (let i = 0; i < 3; i++) await postToken(t, { grant_type: 'client_credentials' }, wrong);
    const events = log.since(from);
    expect(events[0]).toEqual({
      type: 'resource_owner.authentication_failed',
      clientId: client.clientId,
      username: 'alice',
      address: expect.any(String),
    });
    expect(events.slice(1).map((event) => event.type)).toEqual([
      'client.authentication_failed',
      'client.authentication_failed',
      'client.authentication_failed',
      'rate_limited',
    ]);
    expect(events[4]).toMatchObject({
      subject: 'client',
      name: client.clientId,
      retryAfter: expect.any(Number),
    });
  });

  it('never carries a token, code, verifier, password or secret, nor its hash', () => {
    const text = JSON.stringify(log.records);
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(hashSecret(secret));
    }
  });
});

describe('audit events of the resource server', () => {
  let t: ResourceApp;
  let log: AuditLog;
  beforeAll(async () => {
    t = await startResourceApp({
      controllers: [EmailApiController],
      imports: [bus(), { module: AuditLogModule, global: true }],
    });
    log = t.app.get(AuditLog);
  });
  afterAll(() => t.close());

  it('tells of a refused MAC nonce replay', async () => {
    const token = await t.issue('mac', 'email');
    const header = macAuthorization(token, { method: 'GET', uri: '/api/email' });
    const call = () => request(t.http).get('/api/email').set('Authorization', header);
    expect((await call()).status).toBe(200);
    const from = log.records.length;
    expect((await call()).status).toBe(401);
    expect(log.since(from)).toEqual([
      { type: 'mac.replay_refused', clientId: expect.any(String), tokenId: expect.any(Number) },
    ]);
  });
});
