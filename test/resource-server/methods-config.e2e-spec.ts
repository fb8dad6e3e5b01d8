import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { BEARER, MAC } from 'nestjs-oauth2-token';
import {
  challengeParams,
  expectRefusal,
  macAuthorization,
  parseChallenges,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
  EmailApiController,
} from '../support/resource-app.js';

function scenario(authenticationMethods: number) {
  const state = {} as { t: ResourceApp; bearer: IssuedToken; mac: IssuedToken };
  beforeAll(async () => {
    state.t = await startResourceApp({
      resource: { authenticationMethods, realm: 'api' },
      controllers: [EmailApiController],
    });
    [state.bearer, state.mac] = await Promise.all([
      state.t.issue('bearer', 'email'),
      state.t.issue('mac', 'email'),
    ]);
  });
  afterAll(() => state.t.close());
  return {
    none: () => request(state.t.http).get('/api/email'),
    asBearer: (token: IssuedToken = state.bearer) =>
      request(state.t.http).get('/api/email').set('Authorization', `Bearer ${token.access_token}`),
    asMac: (token: IssuedToken = state.mac) =>
      request(state.t.http)
        .get('/api/email')
        .set('Authorization', macAuthorization(token, { method: 'GET', uri: '/api/email' })),
    state,
  };
}

const schemes = (res: request.Response) =>
  parseChallenges(res.headers['www-authenticate']).map((challenge) => {
    expect(challengeParams(challenge).error).toBeUndefined();
    return challenge.scheme;
  });

describe('authenticationMethods: BEARER', () => {
  const s = scenario(BEARER);

  it('accepts a bearer token', async () => {
    expect((await s.asBearer()).status).toBe(200);
  });

  it('treats a MAC-signed request as carrying no accepted credentials: 401, Bearer challenge only', async () => {
    const res = await s.asMac();
    expectRefusal(res, { status: 401 });
    expect(schemes(res)).toEqual(['Bearer']);
  });

  it('refuses a MAC token presented as Bearer with 401 invalid_token', async () => {
    expectRefusal(await s.asBearer(s.state.mac), { status: 401, error: 'invalid_token' });
  });

  it('challenges a request without credentials with Bearer only', async () => {
    const res = await s.none();
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="api"');
  });
});

describe('authenticationMethods: MAC', () => {
  const s = scenario(MAC);

  it('accepts a signed MAC request', async () => {
    expect((await s.asMac()).status).toBe(200);
  });

  it('treats a Bearer header as carrying no accepted credentials: 401, MAC challenge only', async () => {
    const res = await s.asBearer();
    expectRefusal(res, { status: 401, scheme: 'MAC' });
    expect(schemes(res)).toEqual(['MAC']);
  });

  it('does not let a MAC token through as a Bearer token', async () => {
    const res = await s.asBearer(s.state.mac);
    expect(res.status).toBe(401);
    expect(schemes(res)).toEqual(['MAC']);
  });

  it('challenges a request without credentials with MAC only', async () => {
    const res = await s.none();
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('MAC realm="api"');
  });
});

describe('authenticationMethods: BEARER | MAC', () => {
  const s = scenario(BEARER | MAC);

  it('accepts each token in the scheme it was issued for', async () => {
    expect((await s.asBearer()).status).toBe(200);
    expect((await s.asMac()).status).toBe(200);
  });

  it('refuses each token in the other scheme with 401 invalid_token', async () => {
    expectRefusal(await s.asBearer(s.state.mac), { status: 401, error: 'invalid_token' });
    const bearerAsMac = await s.asMac({ ...s.state.bearer, mac_key: 'k' });
    expectRefusal(bearerAsMac, { status: 401, error: 'invalid_token', scheme: 'MAC' });
  });

  it('offers both challenges, each with the realm once, to a request without credentials', async () => {
    const res = await s.none();
    expect(res.status).toBe(401);
    expect(schemes(res)).toEqual(['Bearer', 'MAC']);
    for (const challenge of parseChallenges(res.headers['www-authenticate'])) {
      expect(challengeParams(challenge)).toEqual({ realm: 'api' });
    }
  });
});
