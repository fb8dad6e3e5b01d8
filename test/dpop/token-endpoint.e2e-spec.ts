import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import request, { type Response } from 'supertest';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { basic } from '../support/test-app.js';
import { expectOAuthError, expectToken, s256 } from '../support/token-request.js';
import {
  INTROSPECT_PATH,
  REDIRECT_URI,
  VERIFIER,
  introspect,
  registration,
} from '../endpoints/support/endpoints.js';
import {
  dpopKey,
  proof,
  unsignedProof,
  type DPoPKey,
  type ProofParts,
} from './support/dpop-proof.js';

const ISSUER = 'https://as.example';
/** With an `issuer`, a proof's htu is the token_endpoint the metadata publishes, whatever Host the request had. */
const TOKEN_URL = `${ISSUER}/oauth2/token`;
const NONCE_SECRET = 'a token-endpoint nonce secret, 32+ chars';

/** POSTs a token request with `dpop` as the DPoP header (a list sends the header once per value). */
function tokenRequest(
  t: E2eApp,
  form: Record<string, string>,
  client: TestClient,
  dpop?: string | string[],
  path = '/oauth2/token',
): Promise<Response> {
  const req = request(t.http).post(path).type('form');
  if (client.clientSecret) req.set('Authorization', basic(client.clientId, client.clientSecret));
  if (dpop !== undefined) req.set('DPoP', dpop as string);
  const body = client.clientSecret ? form : { client_id: client.clientId, ...form };
  return req.send(body).then((res) => res);
}

describe('DPoP at the token endpoint (RFC 9449 §5)', () => {
  let t: E2eApp;
  let client: TestClient;
  let publicClient: TestClient;
  let key: DPoPKey;
  const tokenProof = (parts: Partial<ProofParts> = {}, signer = key) =>
    proof(signer, { htm: 'POST', htu: TOKEN_URL, ...parts });
  const clientCredentials = (dpop?: string | string[], who = client) =>
    tokenRequest(t, { grant_type: 'client_credentials', scope: 'email' }, who, dpop);

  beforeAll(async () => {
    t = await startE2eApp([
      registration({ dpop: true }, { issuer: ISSUER }),
      registration(
        {
          dpop: { algorithms: ['EdDSA'] },
          accessTokenFormat: 'jwt',
          signingKeys: [{ kid: 'k1', key: generateKeyPairSync('ed25519').privateKey }],
        },
        {
          issuer: `${ISSUER}/jwt`,
          path: 'jwt/token',
          revocationPath: undefined,
          introspectionPath: undefined,
        },
      ),
      registration(
        { dpop: { nonce: { secret: NONCE_SECRET, lifetime: 60 } } },
        {
          issuer: `${ISSUER}/n`,
          path: 'n/token',
          revocationPath: undefined,
          introspectionPath: undefined,
        },
      ),
    ]);
    await t.addScopes('email');
    client = await t.addClient({
      ownerId: 'owner-1',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    });
    publicClient = await t.addClient({
      isPublic: true,
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    key = await dpopKey('ES256');
  });
  afterAll(() => t.close());

  async function codeRequest(who: TestClient, dpop?: string) {
    const code = await t.issueCode({
      clientId: who.clientId,
      userId: 'user-1',
      redirectUri: REDIRECT_URI,
      scope: 'email',
      codeChallenge: s256(VERIFIER),
      codeChallengeMethod: 'S256',
    });
    return tokenRequest(
      t,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: VERIFIER,
      },
      who,
      dpop,
    );
  }

  it('client_credentials with a proof: token_type DPoP, the row and introspection hold the key thumbprint', async () => {
    const body = expectToken(await clientCredentials(await tokenProof()));
    expect(body.token_type).toBe('DPoP');
    const [row] = await t.rows('oauth2_access_token', {
      client_id: client.clientId,
      dpop_jkt: key.jkt,
    });
    expect(row).toMatchObject({ token_type: 'dpop', dpop_jkt: key.jkt });
    const resourceServer = await t.addClient({ isResourceServer: true });
    expect(await introspect(t, body.access_token, resourceServer)).toMatchObject({
      active: true,
      token_type: 'DPoP',
      cnf: { jkt: key.jkt },
    });
  });

  it('without a proof the same client gets a bearer token, without cnf', async () => {
    const body = expectToken(await clientCredentials());
    expect(body.token_type).toBe('bearer');
    expect(await introspect(t, body.access_token, client)).not.toHaveProperty('cnf');
  });

  it('an Ed25519 key works as well as a P-256 one', async () => {
    const ed = await dpopKey('EdDSA');
    const body = expectToken(await clientCredentials(await tokenProof({}, ed)));
    expect(await introspect(t, body.access_token, client)).toMatchObject({ cnf: { jkt: ed.jkt } });
  });

  describe('every proof check refuses with 400 invalid_dpop_proof, and issues nothing', () => {
    const now = () => Math.floor(Date.now() / 1000);
    /** What is wrong, how to make such a proof, and (part of) the description the server gives. */
    const cases: [string, () => Promise<string | string[]>, string][] = [
      [
        'htu of another URL',
        () => tokenProof({ htu: 'https://as.example/other' }),
        'htu does not match the request URL',
      ],
      [
        'htu of another host',
        () => tokenProof({ htu: 'https://evil.example/oauth2/token' }),
        'htu does not match the request URL',
      ],
      ['htm GET', () => tokenProof({ htm: 'GET' }), 'htm does not match the request method'],
      [
        'iat two minutes old',
        () => tokenProof({ iat: now() - 120 }),
        'iat is outside the accepted window',
      ],
      [
        'iat two minutes ahead',
        () => tokenProof({ iat: now() + 120 }),
        'iat is outside the accepted window',
      ],
      ['no jti', () => tokenProof({ claims: { jti: undefined } }), 'lacks a required claim'],
      ['no htu', () => tokenProof({ claims: { htu: undefined } }), 'lacks a required claim'],
      ['typ JWT', () => tokenProof({ header: { typ: 'JWT' } }), 'must have typ dpop+jwt'],
      [
        'no jwk header',
        () => tokenProof({ header: { jwk: undefined } }),
        'must carry its public key in the jwk header',
      ],
      [
        'a private key in jwk',
        async () => {
          const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
          const jwk = privateKey.export({ format: 'jwk' });
          return proof({ ...key, privateKey, publicJwk: jwk }, { htm: 'POST', htu: TOKEN_URL });
        },
        'jwk must be a public key',
      ],
      [
        'a jwk that is not the signing key',
        async () => tokenProof({ header: { jwk: (await dpopKey('ES256')).publicJwk } }),
        'signature is invalid',
      ],
      [
        'a tampered payload',
        async () => {
          const [header, , signature] = (await tokenProof()).split('.');
          const payload = Buffer.from(
            JSON.stringify({ htm: 'POST', htu: TOKEN_URL, iat: now(), jti: 'forged' }),
          ).toString('base64url');
          return `${header}.${payload}.${signature}`;
        },
        'signature is invalid',
      ],
      [
        'alg none',
        async () => unsignedProof(key, { htm: 'POST', htu: TOKEN_URL }),
        'algorithm is not accepted',
      ],
      [
        'an algorithm off the allow-list (ES384)',
        async () => tokenProof({}, await dpopKey('ES384')),
        'algorithm is not accepted',
      ],
      [
        'two DPoP headers',
        async () => [await tokenProof(), await tokenProof()],
        'Exactly one DPoP header is allowed',
      ],
      ['not a JWT', async () => 'not-a-jwt', 'malformed'],
    ];
    it.each(cases)('%s', async (_, make, description) => {
      const before = await t.rows('oauth2_access_token', { client_id: client.clientId });
      const res = await clientCredentials(await make());
      expectOAuthError(res, 'invalid_dpop_proof');
      expect(res.body.error_description).toContain(description);
      expect(await t.rows('oauth2_access_token', { client_id: client.clientId })).toHaveLength(
        before.length,
      );
    });

    it('a replayed proof (same jti from the same key)', async () => {
      const once = await tokenProof();
      expectToken(await clientCredentials(once));
      const res = await clientCredentials(once);
      expectOAuthError(res, 'invalid_dpop_proof');
      expect(res.body.error_description).toBe('The DPoP proof was already used');
    });

    it('the same jti from another key is not a replay (jti is unique per key)', async () => {
      const jti = 'shared-jti';
      expectToken(await clientCredentials(await tokenProof({ jti })));
      expectToken(await clientCredentials(await tokenProof({ jti }, await dpopKey('ES256'))));
    });
  });

  it('a client with dpopBoundAccessTokens must send a proof', async () => {
    const strict = await t.addClient({ dpopBoundAccessTokens: true });
    expectOAuthError(await clientCredentials(undefined, strict), 'invalid_dpop_proof');
    const body = expectToken(await clientCredentials(await tokenProof(), strict));
    expect(body.token_type).toBe('DPoP');
  });

  it('authorization_code + PKCE, confidential client: the access token is bound; its refresh needs a proof, by any key', async () => {
    const body = expectToken(await codeRequest(client, await tokenProof()));
    expect(body.token_type).toBe('DPoP');
    const refreshForm = { grant_type: 'refresh_token', refresh_token: body.refresh_token! };
    expectOAuthError(await tokenRequest(t, refreshForm, client), 'invalid_grant');
    const other = await dpopKey('ES256');
    const refreshed = expectToken(
      await tokenRequest(t, refreshForm, client, await tokenProof({}, other)),
    );
    expect(refreshed.token_type).toBe('DPoP');
    expect(await introspect(t, refreshed.access_token, client)).toMatchObject({
      cnf: { jkt: other.jkt },
    });
  });

  it('authorization_code + PKCE, public client: the refresh token is bound to the key; another key or none is invalid_grant', async () => {
    const body = expectToken(await codeRequest(publicClient, await tokenProof()));
    expect(body).toMatchObject({ token_type: 'DPoP', refresh_token: expect.any(String) });
    const refreshForm = { grant_type: 'refresh_token', refresh_token: body.refresh_token! };
    const thief = await dpopKey('ES256');
    const stolen = await tokenRequest(t, refreshForm, publicClient, await tokenProof({}, thief));
    expectOAuthError(stolen, 'invalid_grant');
    expect(stolen.body.error_description).toBe('The refresh token is bound to another DPoP key');
    expectOAuthError(await tokenRequest(t, refreshForm, publicClient), 'invalid_grant');
    // The refused attempts did not end the chain: the key holder still refreshes, and stays bound.
    const refreshed = expectToken(
      await tokenRequest(t, refreshForm, publicClient, await tokenProof()),
    );
    expect(refreshed.token_type).toBe('DPoP');
    const [row] = await t.rows('oauth2_access_token', {
      client_id: publicClient.clientId,
      rotated_at: null,
      dpop_jkt: key.jkt,
    });
    expect(row).toBeDefined();
    const again = await tokenRequest(
      t,
      { grant_type: 'refresh_token', refresh_token: refreshed.refresh_token! },
      publicClient,
      await tokenProof(),
    );
    expect(expectToken(again).token_type).toBe('DPoP');
  });

  it('the metadata advertises dpop_signing_alg_values_supported', async () => {
    const res = await request(t.http).get('/.well-known/oauth-authorization-server');
    expect(res.body.dpop_signing_alg_values_supported).toEqual([
      'ES256',
      'EdDSA',
      'Ed25519',
      'PS256',
      'RS256',
    ]);
  });

  it('a JWT access token carries cnf.jkt (RFC 9449 §6.1); algorithms follow the registration', async () => {
    const ed = await dpopKey('EdDSA');
    const htu = `${ISSUER}/jwt/jwt/token`;
    const form = { grant_type: 'client_credentials', scope: 'email' };
    const res = await tokenRequest(
      t,
      form,
      client,
      await proof(ed, { htm: 'POST', htu }),
      '/jwt/token',
    );
    const body = expectToken(res);
    expect(body.token_type).toBe('DPoP');
    expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: ed.jkt });
    const es = await proof(key, { htm: 'POST', htu });
    expectOAuthError(await tokenRequest(t, form, client, es, '/jwt/token'), 'invalid_dpop_proof');
  });

  it('server nonces: use_dpop_nonce with a DPoP-Nonce header; the retry with it passes; a forged or old one is refused', async () => {
    const htu = `${ISSUER}/n/n/token`;
    const form = { grant_type: 'client_credentials', scope: 'email' };
    const send = async (nonce?: string) =>
      tokenRequest(t, form, client, await proof(key, { htm: 'POST', htu, nonce }), '/n/token');
    const first = await send();
    expectOAuthError(first, 'use_dpop_nonce');
    const nonce = first.headers['dpop-nonce'];
    expect(nonce).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    const [time] = nonce.split('.');
    expectOAuthError(await send(`${time}.${'A'.repeat(43)}`), 'use_dpop_nonce');
    const old = (parseInt(time, 36) - 120).toString(36);
    expectOAuthError(await send(`${old}.${nonce.split('.')[1]}`), 'use_dpop_nonce');
    const retry = await send(nonce);
    expect(expectToken(retry).token_type).toBe('DPoP');
    // Without any proof, nonces do not matter: the client gets a bearer token.
    expect(expectToken(await tokenRequest(t, form, client, undefined, '/n/token')).token_type).toBe(
      'bearer',
    );
  });

  it('introspection is not DPoP-checked: the introspection endpoint ignores a DPoP header', async () => {
    const res = await request(t.http)
      .post(INTROSPECT_PATH)
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .set('DPoP', 'garbage')
      .type('form')
      .send({ token: 'unknown' });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { active: false },
    });
  });
});
