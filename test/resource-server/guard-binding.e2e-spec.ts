import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, UseGuards } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import request from 'supertest';
import {
  OAuth2Guard,
  OAuth2ResourceModule,
  OAuth2TokenModule,
  TokenGenerator,
  OAuth2User,
  RequireScopes,
  type AuthenticatedToken,
} from 'nestjs-oauth2-token';
import { expectRefusal, startResourceApp, type ResourceApp } from '../support/resource-app.js';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';

@Controller('api')
class ApiController {
  @Get('email')
  @RequireScopes('email')
  email(@OAuth2User() token: AuthenticatedToken) {
    return { scopes: token.scopes };
  }

  @Get('any')
  any(@OAuth2User() token: AuthenticatedToken) {
    return { tokenType: token.tokenType };
  }
}

@Controller('public')
class PublicController {
  @Get()
  @RequireScopes('email')
  open(@OAuth2User() token: AuthenticatedToken | undefined) {
    return { token: token ?? null };
  }
}

/**
 * The app binds OAuth2Guard with APP_GUARD; the token endpoint lives in the same app. Tokens for the protected-route
 * tests come from `TokenGenerator` in-process (the same validate/grantResponse the endpoint runs), so that they do
 * not depend on the token endpoint being exempt from the global guard; the first test checks that on its own.
 */
describe('OAuth2Guard bound app-wide by the app with APP_GUARD', () => {
  let t: TestApp;
  let client: { clientId: string; clientSecret: string };
  beforeAll(async () => {
    t = await createTestApp([
      OAuth2TokenModule.forRoot(),
      {
        module: class GloballyGuardedApiModule {},
        imports: [OAuth2ResourceModule.forRoot({})],
        controllers: [ApiController],
        providers: [{ provide: APP_GUARD, useClass: OAuth2Guard }],
      },
    ]);
    await t.addScopes('email', 'other');
    client = await t.addClient({ ownerId: 'owner-1' });
  });
  afterAll(() => t.close());

  const issue = async (scope: string) => {
    const generator = t.app.get(TokenGenerator);
    const validated = await generator.validate({
      params: { grant_type: 'client_credentials', scope },
      authorization: basic(client.clientId, client.clientSecret),
    });
    const body = await generator.grantResponse(validated);
    expect(body.token_type).toBe('bearer');
    return body.access_token;
  };

  it('keeps the token endpoint reachable without an access token', async () => {
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'email' });
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
      error: undefined,
    });
  });

  it('protects a controller without @UseGuards, applying @RequireScopes', async () => {
    const token = await issue('email');
    expectRefusal(await request(t.http).get('/api/email'), { status: 401 });
    const ok = await request(t.http).get('/api/email').set('Authorization', `Bearer ${token}`);
    expect({ status: ok.status, body: ok.body }).toEqual({
      status: 200,
      body: { scopes: ['email'] },
    });
  });

  it('answers a token without the scope with 403 insufficient_scope', async () => {
    const token = await issue('other');
    const res = await request(t.http).get('/api/email').set('Authorization', `Bearer ${token}`);
    expect(expectRefusal(res, { status: 403, error: 'insufficient_scope' }).scope).toBe('email');
  });

  it('requires a valid token even on a route without @RequireScopes', async () => {
    expectRefusal(await request(t.http).get('/api/any'), { status: 401 });
    expectRefusal(await request(t.http).get('/api/any').set('Authorization', 'Bearer nope'), {
      status: 401,
      error: 'invalid_token',
    });
    const token = await issue('other');
    const ok = await request(t.http).get('/api/any').set('Authorization', `Bearer ${token}`);
    expect({ status: ok.status, body: ok.body }).toEqual({
      status: 200,
      body: { tokenType: 'bearer' },
    });
  });
});

@Controller('mixed')
class MixedController {
  @Get('guarded')
  @UseGuards(OAuth2Guard)
  @RequireScopes('email')
  guarded(@OAuth2User() token: AuthenticatedToken) {
    return { scopes: token.scopes };
  }

  @Get('open')
  open() {
    return { open: true };
  }
}

describe('OAuth2Guard bound on one route', () => {
  let t: ResourceApp;
  beforeAll(async () => {
    t = await startResourceApp({ controllers: [MixedController] });
  });
  afterAll(() => t.close());

  it('guards that route only', async () => {
    expectRefusal(await request(t.http).get('/mixed/guarded'), { status: 401 });
    const { access_token } = await t.issue('bearer', 'email');
    const ok = await request(t.http)
      .get('/mixed/guarded')
      .set('Authorization', `Bearer ${access_token}`);
    expect({ status: ok.status, body: ok.body }).toEqual({
      status: 200,
      body: { scopes: ['email'] },
    });
    const open = await request(t.http).get('/mixed/open');
    expect({ status: open.status, body: open.body }).toEqual({
      status: 200,
      body: { open: true },
    });
  });
});

describe('OAuth2ResourceModule without an app-bound guard', () => {
  let t: ResourceApp;
  beforeAll(async () => {
    t = await startResourceApp({ controllers: [PublicController] });
  });
  afterAll(() => t.close());

  it('registers no APP_GUARD itself: an unguarded controller stays open', async () => {
    const res = await request(t.http).get('/public');
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { token: null } });
    expect(res.headers['www-authenticate']).toBeUndefined();
  });
});
