import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { expectOAuth2Error, expectToken } from './support/expect-oauth2.js';

async function scopedApp(
  options: Parameters<typeof OAuth2TokenModule.forRoot>[0],
): Promise<{ t: TestApp; token: (scope?: string) => request.Test }> {
  const t = await createTestApp([OAuth2TokenModule.forRoot(options)]);
  await t.addScopes('read', 'write', 'a', 'b', 'c');
  const { clientId, clientSecret } = await t.addClient();
  const auth = basic(clientId, clientSecret);
  const token = (scope?: string) =>
    request(t.http)
      .post('/oauth2/token')
      .set('Authorization', auth)
      .type('form')
      .send(
        new URLSearchParams({
          grant_type: 'client_credentials',
          ...(scope === undefined ? {} : { scope }),
        }).toString(),
      );
  return { t, token };
}

describe('scope (RFC 6749 §3.3), default options', () => {
  let app: Awaited<ReturnType<typeof scopedApp>>;
  beforeAll(async () => {
    app = await scopedApp({});
  });
  afterAll(() => app.t.close());

  it('grants and echoes a requested scope', async () => {
    expect(expectToken(await app.token('read')).scope).toBe('read');
  });

  it('grants several space-delimited values', async () => {
    expect(expectToken(await app.token('read write')).scope).toBe('read write');
  });

  it('is order-insensitive: "b a" is the same scope as "a b"', async () => {
    const ba = expectToken(await app.token('b a')).scope as string;
    const ab = expectToken(await app.token('a b')).scope as string;
    expect(ba.split(' ').sort()).toEqual(['a', 'b']);
    expect(ba).toBe(ab);
  });

  it('is case-sensitive: READ is not read', async () => {
    expectOAuth2Error(await app.token('READ'), 400, 'invalid_scope');
  });

  it('keeps the case of a granted value', async () => {
    await app.t.addScopes('Admin');
    expect(expectToken(await app.token('Admin')).scope).toBe('Admin');
    expectOAuth2Error(await app.token('admin'), 400, 'invalid_scope');
  });

  it('an unknown value is invalid_scope, even beside known ones', async () => {
    expectOAuth2Error(await app.token('read nope'), 400, 'invalid_scope');
  });

  it.each(['re"ad', 're\\ad', 'é'])(
    '%j is invalid_scope even when registered (scope-token syntax)',
    async (value) => {
      await app.t.addScopes(value);
      expectOAuth2Error(await app.token(value), 400, 'invalid_scope');
    },
  );

  it('without defaultScope an unscoped request gets a token with no scope member', async () => {
    const body = expectToken(await app.token());
    expect(body).not.toHaveProperty('scope');
  });

  it('scope= (empty) is the same as no scope', async () => {
    const body = expectToken(await app.token(''));
    expect(body).not.toHaveProperty('scope');
  });
});

describe('scope (RFC 6749 §3.3), option scope: [read]', () => {
  let app: Awaited<ReturnType<typeof scopedApp>>;
  beforeAll(async () => {
    app = await scopedApp({ scope: ['read'] });
  });
  afterAll(() => app.t.close());

  it('grants read', async () => {
    expect(expectToken(await app.token('read')).scope).toBe('read');
  });

  it('refuses write, though registered, with invalid_scope', async () => {
    expectOAuth2Error(await app.token('write'), 400, 'invalid_scope');
  });

  it('refuses read write with invalid_scope', async () => {
    expectOAuth2Error(await app.token('read write'), 400, 'invalid_scope');
  });
});

describe('scope (RFC 6749 §3.3), option defaultScope: [read]', () => {
  let app: Awaited<ReturnType<typeof scopedApp>>;
  beforeAll(async () => {
    app = await scopedApp({ defaultScope: ['read'] });
  });
  afterAll(() => app.t.close());

  it('grants the default scope when none is requested', async () => {
    expect(expectToken(await app.token()).scope).toBe('read');
  });

  it('grants the default scope for an empty scope=', async () => {
    expect(expectToken(await app.token('')).scope).toBe('read');
  });

  it('grants the requested scope instead of the default one', async () => {
    expect(expectToken(await app.token('write')).scope).toBe('write');
  });
});
