import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OAuth2TokenModule, RESOURCE_OWNER_AUTHENTICATOR } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { registration } from './support/endpoints.js';

const ISSUER = 'https://auth.example.com';
const WELL_KNOWN = '/.well-known/oauth-authorization-server';
const passwordChecker = {
  provide: RESOURCE_OWNER_AUTHENTICATOR,
  useValue: { authenticate: async () => null },
};

async function metadataOf(t: E2eApp, path = WELL_KNOWN): Promise<Record<string, unknown>> {
  const res = await request(t.http).get(path);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  return res.body;
}

describe('authorization server metadata (RFC 8414): minimal registration, only an issuer', () => {
  let t: E2eApp;
  let body: Record<string, unknown>;
  beforeAll(async () => {
    t = await startE2eApp([
      registration({}, { issuer: ISSUER, revocationPath: undefined, introspectionPath: undefined }),
    ]);
    await t.addScopes('read', 'email');
    body = await metadataOf(t);
  });
  afterAll(() => t.close());

  it('names the issuer exactly as configured (§3.3) and the token endpoint', () => {
    expect(body.issuer).toBe(ISSUER);
    expect(body.token_endpoint).toBe(`${ISSUER}/oauth2/token`);
  });

  it('lists no endpoint that is not mounted', () => {
    expect(body).not.toHaveProperty('revocation_endpoint');
    expect(body).not.toHaveProperty('introspection_endpoint');
    expect(body).not.toHaveProperty('authorization_endpoint');
    expect(body).not.toHaveProperty('revocation_endpoint_auth_methods_supported');
    expect(body).not.toHaveProperty('introspection_endpoint_auth_methods_supported');
    expect(body).not.toHaveProperty('revocation_endpoint_auth_signing_alg_values_supported');
    expect(body).not.toHaveProperty('authorization_response_iss_parameter_supported');
  });

  it('offers neither password (no ResourceOwnerAuthenticator) nor plain PKCE', () => {
    expect(body.grant_types_supported).toEqual(expect.arrayContaining(['refresh_token']));
    expect(body.grant_types_supported).toContain('client_credentials');
    expect(body.grant_types_supported).not.toContain('password');
    expect(body.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('lists the registered scopes and the client authentication methods', () => {
    expect(body.scopes_supported).toEqual(['email', 'read']);
    expect(body.token_endpoint_auth_methods_supported).toEqual([
      'client_secret_basic',
      'client_secret_post',
      'private_key_jwt',
      'none',
    ]);
  });

  it('lists the asymmetric algorithms a private_key_jwt assertion may use: no HMAC, no none', () => {
    const algs = body.token_endpoint_auth_signing_alg_values_supported as string[];
    expect(algs).toEqual(expect.arrayContaining(['RS256', 'PS256', 'ES256', 'EdDSA']));
    expect(algs.filter((alg) => /^HS|^none$/i.test(alg))).toEqual([]);
  });

  it('the token endpoint it names answers token requests', async () => {
    const res = await request(t.http)
      .post(new URL(body.token_endpoint as string).pathname)
      .type('form')
      .send({});
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 400,
      error: 'invalid_request',
    });
  });

  it('response_types_supported is present, as RFC 8414 §2 REQUIRES', () => {
    expect(Array.isArray(body.response_types_supported)).toBe(true);
  });

  it('lists authorization_code only with an authorization_endpoint (§2: REQUIRED when a grant uses it)', () => {
    const grants = body.grant_types_supported as string[];
    expect({
      authorization_code: grants.includes('authorization_code'),
      authorization_endpoint: 'authorization_endpoint' in body,
    }).not.toEqual({ authorization_code: true, authorization_endpoint: false });
  });
});

describe('authorization server metadata (RFC 8414): full registration', () => {
  let t: E2eApp;
  let body: Record<string, unknown>;
  beforeAll(async () => {
    t = await startE2eApp([
      registration(
        { allowPlainPkce: true },
        {
          issuer: ISSUER,
          authorizationPath: '/oauth2/authorize/',
          providers: [passwordChecker],
        },
      ),
    ]);
    await t.addScopes('email');
    body = await metadataOf(t);
  });
  afterAll(() => t.close());

  it('names every mounted endpoint under the issuer', () => {
    expect(body).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/oauth2/authorize`,
      token_endpoint: `${ISSUER}/oauth2/token`,
      revocation_endpoint: `${ISSUER}/oauth2/revoke`,
      introspection_endpoint: `${ISSUER}/oauth2/introspect`,
    });
  });

  it('offers the code flow with the query response mode and iss in responses (RFC 9207)', () => {
    expect(body.response_types_supported).toEqual(['code']);
    expect(body.response_modes_supported).toEqual(['query']);
    expect(body.authorization_response_iss_parameter_supported).toBe(true);
  });

  it('lists every offered grant, password included, and plain PKCE with allowPlainPkce', () => {
    expect([...(body.grant_types_supported as string[])].sort()).toEqual([
      'authorization_code',
      'client_credentials',
      'password',
      'refresh_token',
    ]);
    expect(body.code_challenge_methods_supported).toEqual(['S256', 'plain']);
  });

  it('public clients may revoke, only confidential ones introspect', () => {
    expect(body.revocation_endpoint_auth_methods_supported).toEqual([
      'client_secret_basic',
      'client_secret_post',
      'private_key_jwt',
      'none',
    ]);
    expect(body.introspection_endpoint_auth_methods_supported).toEqual([
      'client_secret_basic',
      'client_secret_post',
      'private_key_jwt',
    ]);
    expect(body.revocation_endpoint_auth_signing_alg_values_supported).toEqual(
      body.token_endpoint_auth_signing_alg_values_supported,
    );
    expect(body.introspection_endpoint_auth_signing_alg_values_supported).toEqual(
      body.token_endpoint_auth_signing_alg_values_supported,
    );
  });

  it('the revocation and introspection endpoints it names exist and demand client authentication', async () => {
    for (const endpoint of ['revocation_endpoint', 'introspection_endpoint']) {
      const res = await request(t.http)
        .post(new URL(body[endpoint] as string).pathname)
        .type('form')
        .send({ token: 'x' });
      expect({ endpoint, status: res.status }).toEqual({ endpoint, status: 401 });
    }
  });

  it('every member is a registered RFC 8414 name (no private extensions)', () => {
    const known = [
      'issuer',
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'registration_endpoint',
      'scopes_supported',
      'response_types_supported',
      'response_modes_supported',
      'grant_types_supported',
      'token_endpoint_auth_methods_supported',
      'token_endpoint_auth_signing_alg_values_supported',
      'service_documentation',
      'ui_locales_supported',
      'op_policy_uri',
      'op_tos_uri',
      'revocation_endpoint',
      'revocation_endpoint_auth_methods_supported',
      'revocation_endpoint_auth_signing_alg_values_supported',
      'introspection_endpoint',
      'introspection_endpoint_auth_methods_supported',
      'introspection_endpoint_auth_signing_alg_values_supported',
      'code_challenge_methods_supported',
      'authorization_response_iss_parameter_supported',
    ];
    expect(Object.keys(body).filter((name) => !known.includes(name))).toEqual([]);
  });
});

describe('authorization server metadata: other registrations', () => {
  it('refreshable: false lists no refresh_token grant', async () => {
    const t = await startE2eApp([registration({ refreshable: false }, { issuer: ISSUER })]);
    try {
      expect((await metadataOf(t)).grant_types_supported).not.toContain('refresh_token');
    } finally {
      await t.close();
    }
  });

  it('an issuer with a path is served at /.well-known/oauth-authorization-server/<path> (§3.1)', async () => {
    const t = await startE2eApp([registration({}, { issuer: `${ISSUER}/tenant-a` })]);
    try {
      expect((await metadataOf(t, `${WELL_KNOWN}/tenant-a`)).issuer).toBe(`${ISSUER}/tenant-a`);
      expect((await request(t.http).get(WELL_KNOWN)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('without an issuer nothing is mounted at the well-known path', async () => {
    const t = await startE2eApp([registration()]);
    try {
      expect((await request(t.http).get(WELL_KNOWN)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it.each([
    'ftp://auth.example.com',
    'https://auth.example.com/?tenant=a',
    'https://auth.example.com/#top',
    'auth.example.com',
  ])('refuses the issuer %s when the module is built', (issuer) => {
    expect(() => OAuth2TokenModule.forRoot({ issuer })).toThrow(/issuer/);
    expect(() => OAuth2TokenModule.forRootAsync({ issuer, useFactory: () => ({}) })).toThrow(
      /issuer/,
    );
  });
});
