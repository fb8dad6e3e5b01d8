import { Controller, Get, Module, UseGuards, type DynamicModule } from '@nestjs/common';
import request, { type Response } from 'supertest';
import {
  OAuth2Guard,
  OAuth2ResourceModule,
  OAuth2TokenModule,
  OAuth2User,
  type AuthenticatedToken,
  type OAuth2TokenModuleExtras,
  type OAuth2TokenModuleOptions,
} from 'nestjs-oauth2-token';
import type { E2eApp, TestClient } from '../../support/e2e-app.js';
import { basic } from '../../support/test-app.js';
import { expectToken, postToken, s256 } from '../../support/token-request.js';

export const REVOKE_PATH = '/oauth2/revoke';
export const INTROSPECT_PATH = '/oauth2/introspect';
export const REDIRECT_URI = 'https://client.example/cb';
export const VERIFIER = 'verifier-'.repeat(6);

/** A token registration with revocation and introspection mounted, besides `options` and `extras`. */
export function registration(
  options: OAuth2TokenModuleOptions = {},
  extras: OAuth2TokenModuleExtras = {},
): DynamicModule {
  return OAuth2TokenModule.forRoot({
    revocationPath: REVOKE_PATH,
    introspectionPath: INTROSPECT_PATH,
    ...extras,
    ...options,
  });
}

@Controller('api')
@UseGuards(OAuth2Guard)
class ProtectedController {
  @Get('me')
  me(@OAuth2User() token: AuthenticatedToken) {
    return { user: token.userId, client: token.clientId };
  }
}

/** `GET /api/me` behind `OAuth2Guard`: what a resource server makes of a token. */
@Module({ imports: [OAuth2ResourceModule.forRoot()], controllers: [ProtectedController] })
export class ProtectedApiModule {}

/** POSTs a form to `path`, the client authenticating with Basic (or sending its client_id when public). */
export function postForm(
  t: Pick<E2eApp, 'http'>,
  path: string,
  form: Record<string, string | undefined>,
  client?: TestClient,
): Promise<Response> {
  const withId = client && !client.clientSecret ? { client_id: client.clientId, ...form } : form;
  return postToken(t, withId, client, path);
}

/** POSTs `form` to `path` exactly as given (no parameter dropped), with `authorization` when set. */
function postFormAs(
  t: Pick<E2eApp, 'http'>,
  path: string,
  form: Record<string, string>,
  authorization?: string,
): Promise<Response> {
  const req = request(t.http).post(path);
  if (authorization) req.set('Authorization', authorization);
  return req
    .type('form')
    .send(form)
    .then((res) => res);
}

/** POSTs with `client_id` and `client_secret` in the body (client_secret_post). */
export function postWithBodyCredentials(
  t: Pick<E2eApp, 'http'>,
  path: string,
  form: Record<string, string>,
  client: TestClient,
): Promise<Response> {
  return postFormAs(t, path, {
    ...form,
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
}

/** POSTs with HTTP Basic (client_secret_basic). */
export function postWithBasic(
  t: Pick<E2eApp, 'http'>,
  path: string,
  form: Record<string, string>,
  client: TestClient,
): Promise<Response> {
  return postFormAs(t, path, form, basic(client.clientId, client.clientSecret));
}

/** Introspects `token` as `client`; resolves the response body (and asserts 200). */
export async function introspect(
  t: Pick<E2eApp, 'http'>,
  token: string,
  client: TestClient,
  hint?: string,
): Promise<Record<string, unknown>> {
  const res = await postForm(t, INTROSPECT_PATH, { token, token_type_hint: hint }, client);
  if (res.status !== 200) throw new Error(`introspection answered ${res.status} ${res.text}`);
  return res.body;
}

/** Whether the resource server accepts `accessToken`. */
export async function resourceAccepts(
  t: Pick<E2eApp, 'http'>,
  accessToken: string,
): Promise<boolean> {
  const res = await request(t.http).get('/api/me').set('Authorization', `Bearer ${accessToken}`);
  return res.status === 200;
}

/** A token pair from the authorization_code grant (with PKCE) for `client` and `userId`. */
export async function codeTokens(
  t: E2eApp,
  client: TestClient,
  { userId = 'user-1', scope }: { userId?: string; scope?: string } = {},
) {
  const code = await t.issueCode({
    clientId: client.clientId,
    userId,
    redirectUri: REDIRECT_URI,
    scope,
    codeChallenge: s256(VERIFIER),
    codeChallengeMethod: 'S256',
  });
  const res = await postForm(
    t,
    '/oauth2/token',
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: VERIFIER,
    },
    client,
  );
  return expectToken(res);
}

/** Refreshes `refreshToken` for `client`; resolves the raw response. */
export function refresh(
  t: E2eApp,
  refreshToken: string,
  client: TestClient,
  scope?: string,
): Promise<Response> {
  return postForm(
    t,
    '/oauth2/token',
    { grant_type: 'refresh_token', refresh_token: refreshToken, scope },
    client,
  );
}
