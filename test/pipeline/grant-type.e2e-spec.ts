import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import request from 'supertest';
import {
  OAuth2TokenModule,
  RESOURCE_OWNER_AUTHENTICATOR,
  type GrantRequest,
  type OAuth2Grant,
  type PreparedGrant,
  type ResourceOwnerAuthenticator,
} from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { expectOAuth2Error, expectToken } from './support/expect-oauth2.js';

@Injectable()
class EchoGrant implements OAuth2Grant {
  readonly grantType = 'urn:test:echo';
  async validate({ client, scope }: GrantRequest): Promise<PreparedGrant> {
    return { userId: client.ownerId, scope: scope ?? [], refreshable: false };
  }
}

const acceptEveryone: ResourceOwnerAuthenticator = { authenticate: async () => 'user-1' };

function tokenRequest(t: TestApp, fields: Record<string, string>, authorization: string) {
  return request(t.http)
    .post('/oauth2/token')
    .set('Authorization', authorization)
    .type('form')
    .send(new URLSearchParams(fields).toString());
}

describe('grant type checks (RFC 6749 §5.2)', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await createTestApp([OAuth2TokenModule.forRoot({ grants: [EchoGrant] })]);
    const { clientId, clientSecret } = await t.addClient({
      grantTypes: ['client_credentials', 'password', 'refresh_token', 'urn:test:echo'],
    });
    auth = basic(clientId, clientSecret);
  });
  afterAll(() => t.close());

  const token = (fields: Record<string, string>, authorization = auth) =>
    tokenRequest(t, fields, authorization);

  it('a missing grant_type is invalid_request', async () => {
    expectOAuth2Error(await token({ scope: 'x' }), 400, 'invalid_request');
  });

  it.each([
    'implicit',
    'token',
    'code',
    'foo',
    'urn:ietf:params:oauth:grant-type:jwt-bearer',
    'client_credentials ',
  ])('grant_type=%j is unsupported_grant_type', async (grantType) => {
    expectOAuth2Error(await token({ grant_type: grantType }), 400, 'unsupported_grant_type');
  });

  it('a client whose grant types lack the grant is unauthorized_client', async () => {
    const other = await t.addClient({ grantTypes: ['authorization_code'] });
    const res = await token(
      { grant_type: 'client_credentials' },
      basic(other.clientId, other.clientSecret),
    );
    expectOAuth2Error(res, 400, 'unauthorized_client');
  });

  it('unauthorized_client is decided before the grant looks at its own parameters', async () => {
    const other = await t.addClient({ grantTypes: ['client_credentials'] });
    const res = await token(
      { grant_type: 'refresh_token' },
      basic(other.clientId, other.clientSecret),
    );
    expectOAuth2Error(res, 400, 'unauthorized_client');
  });

  it('the password grant without a ResourceOwnerAuthenticator is unsupported_grant_type', async () => {
    const res = await token({ grant_type: 'password', username: 'u', password: 'p' });
    expectOAuth2Error(res, 400, 'unsupported_grant_type');
  });

  it('a registered extension grant is dispatched', async () => {
    const body = expectToken(await token({ grant_type: 'urn:test:echo' }));
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('the grant types a client may use are matched exactly', async () => {
    const other = await t.addClient({ grantTypes: ['urn:test:echo'] });
    const res = await token(
      { grant_type: 'client_credentials' },
      basic(other.clientId, other.clientSecret),
    );
    expectOAuth2Error(res, 400, 'unauthorized_client');
  });
});

describe('grant types offered depend on the registration', () => {
  it('the password grant is offered once a ResourceOwnerAuthenticator is provided', async () => {
    const t = await createTestApp([
      OAuth2TokenModule.forRoot({
        providers: [{ provide: RESOURCE_OWNER_AUTHENTICATOR, useValue: acceptEveryone }],
      }),
    ]);
    try {
      const allowed = await t.addClient({ grantTypes: ['password'] });
      const res = await tokenRequest(
        t,
        { grant_type: 'password', username: 'u', password: 'p' },
        basic(allowed.clientId, allowed.clientSecret),
      );
      expectToken(res);
      const denied = await t.addClient();
      const refused = await tokenRequest(
        t,
        { grant_type: 'password', username: 'u', password: 'p' },
        basic(denied.clientId, denied.clientSecret),
      );
      expectOAuth2Error(refused, 400, 'unauthorized_client');
    } finally {
      await t.close();
    }
  });

  it('refreshable: false does not offer the refresh_token grant', async () => {
    const t = await createTestApp([OAuth2TokenModule.forRoot({ refreshable: false })]);
    try {
      const { clientId, clientSecret } = await t.addClient();
      const res = await tokenRequest(
        t,
        { grant_type: 'refresh_token', refresh_token: 'anything' },
        basic(clientId, clientSecret),
      );
      expectOAuth2Error(res, 400, 'unsupported_grant_type');
    } finally {
      await t.close();
    }
  });
});
