import OAuth2Server from '@node-oauth/oauth2-server';
import express from 'express';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { verifyPasswordHash } from '../../sample-app/users/password-hash.js';
import { serveBenchChild } from '../lib/child.js';
import { openStore } from '../lib/store.js';

/**
 * @node-oauth/oauth2-server behind Express on the same tables and the same statements as the baseline
 * (`oauth2-server.server.js DATABASE_URL`): its model stores tokens as SHA-256 hashes too.
 */
const store = openStore(process.argv[2]);
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url');
const seconds = (date: Date | undefined) => (date ? Math.floor(date.getTime() / 1000) : null);
const date = (value: number | null) => (value === null ? undefined : new Date(value * 1000));

interface BenchClient extends OAuth2Server.Client {
  ownerId: string | null;
}

const model: OAuth2Server.RefreshTokenModel &
  OAuth2Server.PasswordModel &
  OAuth2Server.AuthorizationCodeModel &
  OAuth2Server.ClientCredentialsModel = {
  async generateAccessToken() {
    return randomBytes(32).toString('base64url');
  },
  async generateRefreshToken() {
    return randomBytes(32).toString('base64url');
  },
  async getClient(clientId: string, clientSecret: string) {
    const client = await store.findClient(clientId);
    const given = Buffer.from(sha256(clientSecret ?? ''));
    const stored = Buffer.from(client?.secretHash ?? '');
    if (!client || given.length !== stored.length || !timingSafeEqual(given, stored)) return false;
    return {
      id: client.clientId,
      grants: client.grantTypes,
      redirectUris: [],
      ownerId: client.ownerId,
    } satisfies BenchClient;
  },
  async getUserFromClient(client: OAuth2Server.Client) {
    return { id: (client as BenchClient).ownerId };
  },
  async getUser(username: string, password: string) {
    const user = await store.findUser(username);
    const matches = user ? await verifyPasswordHash(password, user.passwordHash) : false;
    return user && matches && user.isActive ? { id: user.id } : false;
  },
  async validateScope(_user, _client, scope) {
    const values = scope ?? [];
    return values.length === 0 || (await store.countScopes(values)) === values.length
      ? values
      : false;
  },
  async saveToken(token, client, user) {
    const now = Math.floor(Date.now() / 1000);
    const scope = (token.scope ?? []).join(' ');
    const row = {
      tokenHash: sha256(token.accessToken),
      refreshTokenHash: token.refreshToken ? sha256(token.refreshToken) : null,
      clientId: client.id,
      userId: (user.id as string | null) ?? null,
      scope,
      refreshScope: token.refreshToken ? scope : null,
      issuedAt: now,
      expiresAt: seconds(token.accessTokenExpiresAt) ?? now + 3600,
      refreshExpiresAt: seconds(token.refreshTokenExpiresAt),
      refreshable: Boolean(token.refreshToken),
      familyId: randomUUID(),
      codeId: null,
    };
    await store.insertToken(row);
    return { ...token, client, user };
  },
  async getAccessToken() {
    return false;
  },
  async verifyScope() {
    return false;
  },
  async getRefreshToken(refreshToken: string) {
    const token = await store.findRefreshToken(sha256(refreshToken));
    if (!token || token.rotatedAt !== null || token.revokedAt !== null) return false;
    return {
      tokenId: token.id,
      refreshToken,
      refreshTokenExpiresAt: date(token.refreshExpiresAt),
      scope: (token.refreshScope ?? token.scope).split(' ').filter(Boolean),
      client: { id: token.clientId, grants: [] },
      user: { id: token.userId },
    };
  },
  async revokeToken(token) {
    const id = (token as unknown as { tokenId: number }).tokenId;
    return store.rotate(id, Math.floor(Date.now() / 1000));
  },
  async getAuthorizationCode(authorizationCode: string) {
    const code = await store.findCode(sha256(authorizationCode));
    if (!code || code.consumedAt !== null) return false;
    return {
      authorizationCode,
      expiresAt: new Date(code.expiresAt * 1000),
      redirectUri: code.redirectUri ?? '',
      scope: code.scope.split(' ').filter(Boolean),
      client: { id: code.clientId, grants: [] },
      user: { id: code.userId },
      codeId: code.id,
    };
  },
  async saveAuthorizationCode() {
    throw new Error('The bench issues codes itself');
  },
  async revokeAuthorizationCode(code) {
    const id = (code as unknown as { codeId: number }).codeId;
    return store.consume(id, Math.floor(Date.now() / 1000));
  },
};

const oauth = new OAuth2Server({ model, accessTokenLifetime: 3600 });
const app = express();
app.disable('x-powered-by');
app.post('/oauth2/token', express.urlencoded({ extended: false, limit: '64kb' }), (req, res) => {
  const request = new OAuth2Server.Request(req);
  const response = new OAuth2Server.Response(res);
  oauth
    .token(request, response, { requireClientAuthentication: { password: true } })
    .then(() => {
      res
        .set(response.headers)
        .status(response.status ?? 200)
        .json(response.body);
    })
    .catch((error: { code?: number; name?: string; message?: string }) => {
      res
        .status(error.code ?? 500)
        .set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' })
        .json({ error: error.name, error_description: error.message });
    });
});
const server = app.listen(0, '127.0.0.1', () => {
  server.keepAliveTimeout = 72_000;
  serveBenchChild((server.address() as AddressInfo).port, async () => {
    server.close();
    await store.close();
  });
});
