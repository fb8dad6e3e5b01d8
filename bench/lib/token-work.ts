import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { verifyPasswordHash } from '../../sample-app/users/password-hash.js';
import type { ClientRow, NewToken, TokenStore } from './store.js';

/** A token-endpoint answer: status and JSON body. */
export interface TokenAnswer {
  status: number;
  body: object;
  /** `WWW-Authenticate` of a 401. */
  challenge?: string;
}

const ACCESS_TOKEN_LIFETIME = 3600;
const REFRESH_TOKEN_LIFETIME = 2_592_000;
const DUMMY_HASH = sha256('no such client');

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

function secretMatches(secret: string, hash: string | null): boolean {
  const a = Buffer.from(sha256(secret));
  const b = Buffer.from(hash ?? DUMMY_HASH);
  return a.length === b.length && timingSafeEqual(a, b);
}

const error = (status: number, code: string, description: string): TokenAnswer => ({
  status,
  body: { error: code, error_description: description },
  ...(status === 401 && { challenge: 'Basic realm=""' }),
});

/** Client id and secret of an `Authorization: Basic` header (RFC 6749 §2.3.1), or undefined. */
export function basicCredentials(header: string | undefined): [string, string] | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  try {
    const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
    return [decode(decoded.slice(0, colon)), decode(decoded.slice(colon + 1))];
  } catch {
    return undefined;
  }
}

/** A strict form parse: a repeated name is an error (undefined), empty values count as absent. */
export function strictForm(body: string): Record<string, string> | undefined {
  const params: Record<string, string> = Object.create(null);
  const seen = new Set<string>();
  for (const [name, value] of new URLSearchParams(body)) {
    if (seen.has(name)) return undefined;
    seen.add(name);
    if (value !== '') params[name] = value;
  }
  return params;
}

/**
 * The token endpoint written by hand, as a baseline: the same checks and writes as the module (client by Basic
 * credentials with a SHA-256 compare, grant allowed, scopes registered, code or refresh token consumed once in the
 * token's transaction, scrypt for passwords), without a framework or an ORM.
 */
export async function answerTokenRequest(
  store: TokenStore,
  params: Record<string, string | undefined>,
  authorization: string | undefined,
): Promise<TokenAnswer> {
  const grantType = params.grant_type;
  if (!grantType) return error(400, 'invalid_request', 'grant_type is required');
  const credentials = basicCredentials(authorization);
  if (!credentials) return error(401, 'invalid_client', 'Client authentication failed');
  const client = await store.findClient(credentials[0]);
  if (!secretMatches(credentials[1], client?.secretHash ?? null) || !client || client.isPublic) {
    return error(401, 'invalid_client', 'Client authentication failed');
  }
  if (!client.grantTypes.includes(grantType)) {
    return error(400, 'unauthorized_client', 'The client may not use this grant type');
  }
  switch (grantType) {
    case 'client_credentials':
      return clientCredentials(store, client, params.scope);
    case 'password':
      return password(store, client, params);
    case 'refresh_token':
      return refreshToken(store, client, params.refresh_token);
    case 'authorization_code':
      return authorizationCode(store, client, params);
    default:
      return error(400, 'unsupported_grant_type', 'The grant type is not supported');
  }
}

async function requestedScope(store: TokenStore, scope: string | undefined) {
  const values = scope ? scope.split(' ').filter(Boolean) : [];
  if (values.length > 0 && (await store.countScopes(values)) !== values.length) return undefined;
  return values;
}

function newToken(
  client: ClientRow,
  userId: string | null,
  scope: string,
  refreshable: boolean,
  lineage: { familyId?: string; codeId?: number | null } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const accessToken = randomBytes(32).toString('base64url');
  const refreshToken = refreshable ? randomBytes(32).toString('base64url') : undefined;
  const row: NewToken = {
    tokenHash: sha256(accessToken),
    refreshTokenHash: refreshToken ? sha256(refreshToken) : null,
    clientId: client.clientId,
    userId,
    scope,
    refreshScope: refreshToken ? scope : null,
    issuedAt: now,
    expiresAt: now + ACCESS_TOKEN_LIFETIME,
    refreshExpiresAt: refreshToken ? now + REFRESH_TOKEN_LIFETIME : null,
    refreshable,
    familyId: lineage.familyId ?? randomUUID(),
    codeId: lineage.codeId ?? null,
  };
  const body = {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: ACCESS_TOKEN_LIFETIME,
    ...(refreshToken && { refresh_token: refreshToken }),
    ...(scope && { scope }),
  };
  return { now, row, answer: { status: 200, body } };
}

async function clientCredentials(store: TokenStore, client: ClientRow, scope?: string) {
  const values = await requestedScope(store, scope);
  if (!values) return error(400, 'invalid_scope', 'The scope is unknown');
  const { row, answer } = newToken(client, client.ownerId, values.join(' '), false);
  await store.insertToken(row);
  return answer;
}

async function password(
  store: TokenStore,
  client: ClientRow,
  params: Record<string, string | undefined>,
) {
  if (!params.username || !params.password) {
    return error(400, 'invalid_request', 'username and password are required');
  }
  const values = await requestedScope(store, params.scope);
  if (!values) return error(400, 'invalid_scope', 'The scope is unknown');
  const user = await store.findUser(params.username);
  const matches = user ? await verifyPasswordHash(params.password, user.passwordHash) : false;
  if (!user || !matches || !user.isActive) {
    return error(400, 'invalid_grant', 'The resource owner credentials are invalid');
  }
  const { row, answer } = newToken(client, user.id, values.join(' '), true);
  await store.insertToken(row);
  return answer;
}

async function refreshToken(store: TokenStore, client: ClientRow, presented?: string) {
  if (!presented) return error(400, 'invalid_request', 'refresh_token is required');
  const token = await store.findRefreshToken(sha256(presented));
  const now = Math.floor(Date.now() / 1000);
  if (
    !token ||
    token.clientId !== client.clientId ||
    token.rotatedAt !== null ||
    token.revokedAt !== null ||
    (token.refreshExpiresAt ?? 0) <= now
  ) {
    return error(400, 'invalid_grant', 'The refresh token is invalid');
  }
  const scope = token.refreshScope ?? token.scope;
  const issued = newToken(client, token.userId, scope, true, token);
  if (!(await store.rotateAndInsert(token.id, issued.now, issued.row))) {
    return error(400, 'invalid_grant', 'The refresh token was already used');
  }
  return issued.answer;
}

async function authorizationCode(
  store: TokenStore,
  client: ClientRow,
  params: Record<string, string | undefined>,
) {
  if (!params.code) return error(400, 'invalid_request', 'code is required');
  const code = await store.findCode(sha256(params.code));
  const now = Math.floor(Date.now() / 1000);
  if (
    !code ||
    code.clientId !== client.clientId ||
    code.consumedAt !== null ||
    code.expiresAt <= now ||
    (params.redirect_uri ?? null) !== code.redirectUri
  ) {
    return error(400, 'invalid_grant', 'The authorization code is invalid');
  }
  const issued = newToken(client, code.userId, code.scope, true, { codeId: code.id });
  if (!(await store.consumeAndInsert(code.id, issued.now, issued.row))) {
    return error(400, 'invalid_grant', 'The authorization code was already used');
  }
  return issued.answer;
}
