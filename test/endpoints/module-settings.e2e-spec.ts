import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';

const ISSUER = 'https://auth.example.com';

describe('OAuth2TokenModule.forRoot takes issuer, revocationPath, introspectionPath and authorizationPath', () => {
  let t: E2eApp | undefined;
  let startError: unknown;
  beforeAll(async () => {
    try {
      t = await startE2eApp([
        OAuth2TokenModule.forRoot({
          accessTokenExpiresIn: 600,
          issuer: ISSUER,
          authorizationPath: 'oauth2/authorize',
          revocationPath: 'oauth2/revoke',
          introspectionPath: 'oauth2/introspect',
        }),
      ]);
    } catch (error) {
      startError = error;
    }
  });
  afterAll(() => t?.close());

  it('starts: the settings shape the module and are not validated as token options', () => {
    expect(startError).toBeUndefined();
  });

  it('mounts what they name', async () => {
    const metadata = await request(t!.http).get('/.well-known/oauth-authorization-server');
    expect(metadata.body).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/oauth2/authorize`,
      revocation_endpoint: `${ISSUER}/oauth2/revoke`,
      introspection_endpoint: `${ISSUER}/oauth2/introspect`,
    });
    for (const path of ['/oauth2/revoke', '/oauth2/introspect']) {
      const res = await request(t!.http).post(path).type('form').send({ token: 'x' });
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });

  it('an unknown option is still refused', async () => {
    await expect(
      startE2eApp([OAuth2TokenModule.forRoot({ issuer: ISSUER, ...{ revokePath: 'x' } })]),
    ).rejects.toThrow(/revokePath/);
  });
});
