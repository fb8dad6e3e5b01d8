import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { OAuth2TokenModule, type OAuth2AuditRecord } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { basic } from '../support/test-app.js';
import { expectOAuthError, expectToken, TOKEN_PATH } from '../support/token-request.js';
import {
  JWT_BEARER,
  clientKey,
  signAssertion,
  type ClientKey,
} from './support/client-assertions.js';

const ISSUER = 'https://as.example.test';
const TOKEN_URL = `${ISSUER}/oauth2/token`;
const CC = { grant_type: 'client_credentials' };

@Injectable()
class AuditLog {
  readonly records: OAuth2AuditRecord[] = [];

  @OnEvent('oauth2.**')
  record(record: OAuth2AuditRecord): void {
    this.records.push(record);
  }
}

@Module({ providers: [AuditLog], exports: [AuditLog] })
class AuditLogModule {}

/** POSTs a form to `path`, with an optional Authorization header and X-Forwarded-For address. */
function post(
  t: E2eApp,
  form: Record<string, string>,
  {
    path = TOKEN_PATH,
    authorization,
    address,
  }: { path?: string; authorization?: string; address?: string } = {},
) {
  const req = request(t.http).post(path).type('form');
  if (authorization) req.set('Authorization', authorization);
  if (address) req.set('X-Forwarded-For', address);
  return req.send(form);
}

/** A 401 invalid_client with the same challenge as every other client-authentication failure. */
function expectRefused(res: request.Response): void {
  expectOAuthError(res, 'invalid_client', 401);
  expect(res.headers['www-authenticate']).toBe('Basic realm=""');
}

function modules(limit: number) {
  return [
    EventEmitterModule.forRoot({ wildcard: true, delimiter: '.' }),
    AuditLogModule,
    OAuth2TokenModule.forRoot({
      issuer: ISSUER,
      revocationPath: 'oauth2/revoke',
      introspectionPath: 'oauth2/introspect',
      bruteForceLimits: { clientPerAddress: { limit, windowSeconds: 60, blockSeconds: 60 } },
    }),
  ];
}

describe('private_key_jwt client authentication (RFC 7523 §2.2)', () => {
  let t: E2eApp;
  let key: ClientKey;
  let clientId: string;
  const assertionForm = async (claims = {}, form: Record<string, string> = CC) => ({
    ...form,
    client_assertion_type: JWT_BEARER,
    client_assertion: await signAssertion(key, clientId, ISSUER, claims),
  });

  beforeAll(async () => {
    t = await startE2eApp(modules(1000));
    key = await clientKey('ES256');
    ({ clientId } = await t.addClient({
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    }));
  });
  afterAll(() => t.close());

  describe('accepted', () => {
    it('an assertion whose aud is the issuer, with or without client_id', async () => {
      expectToken(await post(t, await assertionForm()));
      expectToken(await post(t, { ...(await assertionForm()), client_id: clientId }));
    });

    it('an assertion whose aud is the token endpoint URL, or a list holding it', async () => {
      expectToken(await post(t, await assertionForm({ aud: TOKEN_URL })));
      expectToken(await post(t, await assertionForm({ aud: ['https://other.test', TOKEN_URL] })));
    });

    it('RSA (PS256) and Ed25519 keys too', async () => {
      for (const alg of ['PS256', 'Ed25519']) {
        const other = await clientKey(alg);
        const registered = await t.addClient({
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'private_key_jwt',
          jwks: { keys: [other.publicJwk] },
        });
        const assertion = await signAssertion(other, registered.clientId, ISSUER);
        expectToken(
          await post(t, { ...CC, client_assertion_type: JWT_BEARER, client_assertion: assertion }),
        );
      }
    });

    it('at revocation and introspection as well', async () => {
      const { access_token } = expectToken(await post(t, await assertionForm()));
      const introspected = await post(t, await assertionForm({}, { token: access_token }), {
        path: '/oauth2/introspect',
      });
      expect({ status: introspected.status, active: introspected.body.active }).toEqual({
        status: 200,
        active: true,
      });
      const revoked = await post(t, await assertionForm({}, { token: access_token }), {
        path: '/oauth2/revoke',
      });
      expect(revoked.status).toBe(200);
      const after = await post(t, await assertionForm({}, { token: access_token }), {
        path: '/oauth2/introspect',
      });
      expect(after.body).toEqual({ active: false });
    });
  });

  describe('refused with 401 invalid_client', () => {
    it('a replayed assertion (jti used once)', async () => {
      const form = await assertionForm();
      expectToken(await post(t, form));
      expectRefused(await post(t, form));
    });

    it('the same assertion sent concurrently wins exactly once', async () => {
      const form = await assertionForm();
      const statuses = (await Promise.all(Array.from({ length: 6 }, () => post(t, form)))).map(
        (res) => res.status,
      );
      expect(statuses.sort()).toEqual([200, 401, 401, 401, 401, 401]);
    });

    it('an assertion signed by another key', async () => {
      const stranger = await clientKey('ES256', key.publicJwk.kid);
      const assertion = await signAssertion(stranger, clientId, ISSUER);
      expectRefused(
        await post(t, { ...CC, client_assertion_type: JWT_BEARER, client_assertion: assertion }),
      );
    });

    it('an expired assertion', async () => {
      const past = Math.floor(Date.now() / 1000) - 600;
      expectRefused(await post(t, await assertionForm({ iat: past - 60, exp: past })));
    });

    it('an assertion valid for longer than five minutes, or without exp or jti', async () => {
      const now = Math.floor(Date.now() / 1000);
      expectRefused(await post(t, await assertionForm({ exp: now + 3600 })));
      expectRefused(await post(t, await assertionForm({ exp: undefined })));
      expectRefused(await post(t, await assertionForm({ jti: undefined })));
    });

    it('a wrong audience', async () => {
      expectRefused(await post(t, await assertionForm({ aud: 'https://other.example.test' })));
      expectRefused(await post(t, await assertionForm({ aud: `${ISSUER}/elsewhere` })));
    });

    it('iss or sub other than the client', async () => {
      const other = await t.addClient({ grantTypes: ['client_credentials'] });
      expectRefused(await post(t, await assertionForm({ sub: other.clientId })));
      expectRefused(await post(t, { ...(await assertionForm()), client_id: other.clientId }));
    });

    it('alg none', async () => {
      const now = Math.floor(Date.now() / 1000);
      const unsecured = new UnsecuredJWT({ jti: 'none-1' })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(ISSUER)
        .setExpirationTime(now + 60)
        .encode();
      expectRefused(
        await post(t, { ...CC, client_assertion_type: JWT_BEARER, client_assertion: unsecured }),
      );
    });

    it('HS256 keyed with the public key (algorithm confusion)', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const secret of [JSON.stringify(key.publicJwk), key.publicJwk.x!]) {
        const forged = await new SignJWT({ jti: `hs-${secret.length}` })
          .setProtectedHeader({ alg: 'HS256', kid: key.publicJwk.kid })
          .setIssuer(clientId)
          .setSubject(clientId)
          .setAudience(ISSUER)
          .setExpirationTime(now + 60)
          .sign(new TextEncoder().encode(secret));
        expectRefused(
          await post(t, { ...CC, client_assertion_type: JWT_BEARER, client_assertion: forged }),
        );
      }
    });

    it('a tampered payload', async () => {
      const [header, , signature] = (await assertionForm()).client_assertion.split('.');
      const now = Math.floor(Date.now() / 1000);
      const payload = Buffer.from(
        JSON.stringify({
          iss: clientId,
          sub: clientId,
          aud: ISSUER,
          exp: now + 60,
          jti: 'tampered',
        }),
      ).toString('base64url');
      const tampered = `${header}.${payload}.${signature}`;
      expectRefused(
        await post(t, { ...CC, client_assertion_type: JWT_BEARER, client_assertion: tampered }),
      );
    });

    it('garbage, and an assertion naming an unknown client', async () => {
      expectRefused(
        await post(t, { ...CC, client_assertion_type: JWT_BEARER, client_assertion: 'a.b.c' }),
      );
      const assertion = await signAssertion(key, 'no-such-client', ISSUER);
      expectRefused(
        await post(t, { ...CC, client_assertion_type: JWT_BEARER, client_assertion: assertion }),
      );
    });

    it('an assertion from a client registered for a secret; and a key client with Basic or a bare client_id', async () => {
      const secretClient = await t.addClient({ grantTypes: ['client_credentials'] });
      const assertion = await signAssertion(key, secretClient.clientId, ISSUER);
      expectRefused(
        await post(t, { ...CC, client_assertion_type: JWT_BEARER, client_assertion: assertion }),
      );
      expectRefused(await post(t, CC, { authorization: basic(clientId, 'x'.repeat(40)) }));
      expectRefused(await post(t, { ...CC, client_id: clientId }));
    });

    it('emits client authentication failed with the method', async () => {
      const log = t.app.get(AuditLog);
      const from = log.records.length;
      expectRefused(await post(t, await assertionForm({ aud: 'https://wrong.test' })));
      expect(log.records.slice(from)).toContainEqual(
        expect.objectContaining({
          type: 'client.authentication_failed',
          clientId,
          method: 'private_key_jwt',
        }),
      );
    });
  });

  describe('malformed requests are 400 invalid_request (RFC 7523 §3, RFC 6749 §2.3)', () => {
    it('two methods at once: Basic or a client_secret besides the assertion', async () => {
      const secretClient = await t.addClient({ grantTypes: ['client_credentials'] });
      const auth = basic(secretClient.clientId, secretClient.clientSecret);
      expectOAuthError(
        await post(t, await assertionForm(), { authorization: auth }),
        'invalid_request',
      );
      expectOAuthError(
        await post(t, { ...(await assertionForm()), client_secret: 'x'.repeat(40) }),
        'invalid_request',
      );
    });

    it('a wrong or missing client_assertion_type, or a type without assertion', async () => {
      const form = await assertionForm();
      expectOAuthError(
        await post(t, {
          ...form,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
        }),
        'invalid_request',
      );
      const { client_assertion_type: _type, ...withoutType } = form;
      expectOAuthError(await post(t, withoutType), 'invalid_request');
      expectOAuthError(
        await post(t, { ...CC, client_assertion_type: JWT_BEARER }),
        'invalid_request',
      );
    });
  });
});

describe('private_key_jwt failures count towards the brute-force limits', () => {
  let t: E2eApp;
  beforeAll(async () => {
    t = await startE2eApp(modules(2));
  });
  afterAll(() => t.close());

  it('a client whose assertions keep failing at one address is blocked there, valid assertion or not', async () => {
    const key = await clientKey();
    const { clientId } = await t.addClient({
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    });
    const form = async (aud: string) => ({
      ...CC,
      client_assertion_type: JWT_BEARER,
      client_assertion: await signAssertion(key, clientId, aud),
    });
    const address = '198.51.100.7';
    expectRefused(await post(t, await form('https://wrong.test'), { address }));
    expectRefused(await post(t, await form('https://wrong.test'), { address }));
    // The failure past the budget of 2 is refused with 429, and so is a valid assertion afterwards.
    expect((await post(t, await form('https://wrong.test'), { address })).status).toBe(429);
    expect((await post(t, await form(ISSUER), { address })).status).toBe(429);
    expectToken(await post(t, await form(ISSUER), { address: '198.51.100.8' }));
  });
});
