import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, UseGuards } from '@nestjs/common';
import request from 'supertest';
import {
  BEARER,
  OAuth2Guard,
  OAuth2User,
  RequireScopes,
  type AuthenticatedToken,
} from 'nestjs-oauth2-token';
import {
  challengeParams,
  expectRefusal,
  parseChallenges,
  startResourceApp,
  type ResourceApp,
} from '../support/resource-app.js';

@Controller('api')
@UseGuards(OAuth2Guard)
class ApiController {
  @Get('email')
  @RequireScopes('email')
  email(@OAuth2User() token: AuthenticatedToken) {
    return { clientId: token.clientId, scopes: token.scopes };
  }

  @Get('email-and-profile')
  @RequireScopes('email', 'profile')
  emailAndProfile() {
    return { ok: true };
  }
}

@Controller('profile')
@UseGuards(OAuth2Guard)
@RequireScopes('profile')
class ProfileController {
  @Get('email')
  @RequireScopes('email')
  email() {
    return { ok: true };
  }
}

describe('resource server, Bearer: RFC 6750 §3 challenges and error bodies', () => {
  let t: ResourceApp;
  let emailToken: string;
  beforeAll(async () => {
    t = await startResourceApp({
      resource: { authenticationMethods: BEARER, realm: 'example api' },
      controllers: [ApiController, ProfileController],
    });
    emailToken = (await t.issue('bearer', 'email')).access_token;
  });
  afterAll(() => t.close());

  const get = (path: string, authorization?: string) => {
    const req = request(t.http).get(path);
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };

  it('lets a token with the required scope through and hands it to @OAuth2User', async () => {
    const res = await get('/api/email', `Bearer ${emailToken}`);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { clientId: expect.any(String), scopes: ['email'] },
    });
  });

  it('answers a request without credentials with 401 and a bare challenge: realm, no error (B01, B02, B05)', async () => {
    const res = await get('/api/email');
    const params = expectRefusal(res, { status: 401 });
    expect(params).toEqual({ realm: 'example api' });
    expect(parseChallenges(res.headers['www-authenticate'])).toHaveLength(1);
  });

  it('treats an Authorization header of another scheme as no credentials (401 without error)', async () => {
    const res = await get('/api/email', 'Basic dXNlcjpwYXNz');
    expect(expectRefusal(res, { status: 401 })).toEqual({ realm: 'example api' });
  });

  it('answers an unknown token with 401 invalid_token, realm and error each once (B04, B06)', async () => {
    const res = await get('/api/email', 'Bearer not-a-token-we-issued');
    const params = expectRefusal(res, { status: 401, error: 'invalid_token' });
    expect(params).toMatchObject({ realm: 'example api', error: 'invalid_token' });
    expect(params.scope).toBeUndefined();
    expect(Object.keys(res.body).sort()).toEqual(['error', 'error_description']);
  });

  it('answers a malformed Bearer header with 400 invalid_request (B06)', async () => {
    for (const header of ['Bearer', 'Bearer two words', 'Bearer tok"en']) {
      const res = await get('/api/email', header);
      expectRefusal(res, { status: 400, error: 'invalid_request' });
    }
  });

  it('answers a token without the scope with 403 insufficient_scope and scope="…" once (B03, B06)', async () => {
    const other = await t.issue('bearer', 'other');
    const res = await get('/api/email', `Bearer ${other.access_token}`);
    const params = expectRefusal(res, { status: 403, error: 'insufficient_scope' });
    expect(params).toMatchObject({ realm: 'example api', scope: 'email' });
    expect(Object.keys(res.body).sort()).toEqual(['error', 'error_description']);
  });

  it('requires every listed scope and names them all in scope="…"', async () => {
    const res = await get('/api/email-and-profile', `Bearer ${emailToken}`);
    const params = expectRefusal(res, { status: 403, error: 'insufficient_scope' });
    expect(params.scope.split(' ').sort()).toEqual(['email', 'profile']);
    const both = await t.issue('bearer', 'email profile');
    const ok = await get('/api/email-and-profile', `Bearer ${both.access_token}`);
    expect(ok.status).toBe(200);
  });

  it('merges the scopes of the controller and the handler', async () => {
    const res = await get('/profile/email', `Bearer ${emailToken}`);
    const params = expectRefusal(res, { status: 403, error: 'insufficient_scope' });
    expect(params.scope.split(' ').sort()).toEqual(['email', 'profile']);
    const both = await t.issue('bearer', 'profile email');
    expect((await get('/profile/email', `Bearer ${both.access_token}`)).status).toBe(200);
  });

  it('sends the realm exactly once in every challenge', async () => {
    const responses = await Promise.all([
      get('/api/email'),
      get('/api/email', 'Bearer unknown'),
      get('/api/email-and-profile', `Bearer ${emailToken}`),
    ]);
    for (const res of responses) {
      for (const challenge of parseChallenges(res.headers['www-authenticate'])) {
        expect(challenge.params.filter(([name]) => name === 'realm')).toHaveLength(1);
        challengeParams(challenge);
      }
    }
  });
});
