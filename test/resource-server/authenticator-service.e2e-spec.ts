import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  InsufficientScope,
  InvalidToken,
  InvalidTokenRequest,
  MissingToken,
  OAuth2Authenticator,
  ResourceAccessError,
  type ResourceRequest,
} from 'nestjs-oauth2-token';
import { macAuthorization, startResourceApp, type ResourceApp } from '../support/resource-app.js';

/** Runs `promise` and returns what it threw, failing when it resolved. */
async function rejection(promise: Promise<unknown>): Promise<ResourceAccessError> {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).toHaveProperty('error');
  const { error } = outcome as { error: unknown };
  expect(error).toBeInstanceOf(ResourceAccessError);
  return error as ResourceAccessError;
}

describe('OAuth2Authenticator used directly, outside an HTTP guard', () => {
  let t: ResourceApp;
  let authenticator: OAuth2Authenticator;
  beforeAll(async () => {
    t = await startResourceApp();
    authenticator = t.app.get(OAuth2Authenticator);
  });
  afterAll(() => t.close());

  const bearerRequest = (token: string): ResourceRequest => ({
    method: 'GET',
    url: '/socket/handshake',
    headers: { authorization: `Bearer ${token}` },
  });

  it('resolves a bearer token with the required scope to the authenticated token', async () => {
    const { access_token } = await t.issue('bearer', 'email profile');
    const token = await authenticator.authenticate(bearerRequest(access_token), ['email']);
    expect(token).toEqual({
      id: expect.any(Number),
      clientId: expect.any(String),
      userId: 'owner-1',
      scopes: ['email', 'profile'],
      expiresAt: expect.any(Number),
      tokenType: 'bearer',
    });
    expect(token.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('requires no scope when none is asked for', async () => {
    const { access_token } = await t.issue('bearer', 'other');
    const token = await authenticator.authenticate(bearerRequest(access_token));
    expect(token.scopes).toEqual(['other']);
  });

  it('throws InsufficientScope (403) naming the required scopes', async () => {
    const { access_token } = await t.issue('bearer', 'email');
    const error = await rejection(
      authenticator.authenticate(bearerRequest(access_token), ['email', 'profile']),
    );
    expect(error).toBeInstanceOf(InsufficientScope);
    expect({ status: error.status, error: error.error }).toEqual({
      status: 403,
      error: 'insufficient_scope',
    });
    expect((error as InsufficientScope).requiredScope).toEqual(['email', 'profile']);
  });

  it('throws MissingToken (401, no error code) for a request without credentials', async () => {
    const error = await rejection(
      authenticator.authenticate({ method: 'GET', url: '/socket', headers: {} }),
    );
    expect(error).toBeInstanceOf(MissingToken);
    expect({ status: error.status, error: error.error }).toEqual({
      status: 401,
      error: undefined,
    });
  });

  it('throws InvalidToken (401 invalid_token) for an unknown or revoked token', async () => {
    const unknown = await rejection(authenticator.authenticate(bearerRequest('nope')));
    expect(unknown).toBeInstanceOf(InvalidToken);
    expect({ status: unknown.status, error: unknown.error }).toEqual({
      status: 401,
      error: 'invalid_token',
    });
    const { access_token } = await t.issue('bearer', 'email');
    await authenticator.authenticate(bearerRequest(access_token));
    await t.updateToken(access_token, { revokedAt: Math.floor(Date.now() / 1000) });
    expect(await rejection(authenticator.authenticate(bearerRequest(access_token)))).toBeInstanceOf(
      InvalidToken,
    );
  });

  it('throws InvalidTokenRequest (400 invalid_request) for a query-string token', async () => {
    const { access_token } = await t.issue('bearer', 'email');
    const error = await rejection(
      authenticator.authenticate({
        method: 'GET',
        url: `/socket?access_token=${access_token}`,
        headers: {},
      }),
    );
    expect(error).toBeInstanceOf(InvalidTokenRequest);
    expect({ status: error.status, error: error.error }).toEqual({
      status: 400,
      error: 'invalid_request',
    });
  });

  it('verifies a MAC-signed request object once, then refuses its replay', async () => {
    const mac = await t.issue('mac', 'email');
    const request: ResourceRequest = {
      method: 'GET',
      url: '/socket/handshake?room=1',
      headers: {
        authorization: macAuthorization(mac, { method: 'GET', uri: '/socket/handshake?room=1' }),
      },
    };
    const token = await authenticator.authenticate(request, ['email']);
    expect(token).toMatchObject({ tokenType: 'mac', scopes: ['email'] });
    const replay = await rejection(authenticator.authenticate(request, ['email']));
    expect(replay).toBeInstanceOf(InvalidToken);
  });

  it('refuses a MAC-signed request object whose URL differs from the signed one', async () => {
    const mac = await t.issue('mac', 'email');
    const error = await rejection(
      authenticator.authenticate({
        method: 'GET',
        url: '/socket/handshake?room=2',
        headers: {
          authorization: macAuthorization(mac, { method: 'GET', uri: '/socket/handshake?room=1' }),
        },
      }),
    );
    expect(error).toBeInstanceOf(InvalidToken);
  });
});
