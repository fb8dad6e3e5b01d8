import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type GenerateKeyPairResult } from 'jose';
import * as oauth from 'oauth4webapi';
import { authorize } from './support/consent-form.js';
import { discover, insecure } from './support/discovery.js';
import { startSampleServer, type SampleServer } from './support/sample-server.js';

/**
 * oauth4webapi, a strict RFC-conformant client, against the sample app as a user would run it: discovery through
 * RFC 8414 metadata, the authorization code flow with PKCE through the login and consent page, refresh,
 * introspection and revocation, for a confidential client (Basic, and client_secret_post) and a public one.
 */
describe('interop: oauth4webapi against the sample app', () => {
  let server: SampleServer;
  let as: oauth.AuthorizationServer;
  let redirectUri: string;

  beforeAll(async () => {
    server = await startSampleServer();
    redirectUri = `${server.baseUrl}/callback`;
    as = await discover(server.baseUrl);
  });
  afterAll(() => server?.close());

  /** The code flow as oauth4webapi runs it, the user approving on the consent page. */
  async function codeFlow(client: oauth.Client, clientAuth: oauth.ClientAuth, scope = 'email') {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scope,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    const callback = await authorize(server.baseUrl, Object.fromEntries(url.searchParams));
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      params,
      redirectUri,
      codeVerifier,
      insecure,
    );
    return {
      callback,
      params,
      tokens: await oauth.processAuthorizationCodeResponse(as, client, response),
    };
  }

  async function introspect(client: oauth.Client, clientAuth: oauth.ClientAuth, token: string) {
    const response = await oauth.introspectionRequest(as, client, clientAuth, token, insecure);
    return oauth.processIntrospectionResponse(as, client, response);
  }

  /** GET /api/email with the token; a refusal is the challenge oauth4webapi parsed from WWW-Authenticate. */
  async function email(accessToken: string) {
    try {
      const response = await oauth.protectedResourceRequest(
        accessToken,
        'GET',
        new URL(`${server.baseUrl}/api/email`),
        undefined,
        undefined,
        insecure,
      );
      return { status: response.status, body: await response.json() };
    } catch (error) {
      if (!(error instanceof oauth.WWWAuthenticateChallengeError)) throw error;
      return { status: error.status, challenges: error.cause };
    }
  }

  /**
   * A refused client authentication: every 401 carries a Basic challenge (RFC 9110 §15.5.2), which oauth4webapi
   * reports as a WWWAuthenticateChallengeError before reading the body; the body still holds the RFC 6749 error.
   */
  async function clientRefusal(attempt: Promise<unknown>) {
    const error = await attempt.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    if (!(error instanceof oauth.WWWAuthenticateChallengeError))
      throw error ?? new Error('accepted');
    const body = (await error.response.json()) as { error: string };
    return { status: error.status, challenges: error.cause, error: body.error };
  }
  const BASIC_REFUSAL = {
    status: 401,
    challenges: [{ scheme: 'basic', parameters: { realm: '' } }],
    error: 'invalid_client',
  };

  it('discovers the sample through RFC 8414 metadata', () => {
    expect(as).toMatchObject({
      issuer: server.baseUrl,
      authorization_endpoint: `${server.baseUrl}/oauth2/authorize`,
      token_endpoint: `${server.baseUrl}/oauth2/token`,
      revocation_endpoint: `${server.baseUrl}/oauth2/revoke`,
      introspection_endpoint: `${server.baseUrl}/oauth2/introspect`,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
  });

  describe('a confidential client with client_secret_basic', () => {
    let client: oauth.Client;
    let auth: oauth.ClientAuth;
    beforeAll(async () => {
      const registered = await server.addClient({
        redirectUris: [redirectUri],
        grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
        secret: 'an interop secret: with %, + and :',
        tokenEndpointAuthMethod: 'client_secret_basic',
      });
      client = { client_id: registered.clientId };
      auth = oauth.ClientSecretBasic(registered.clientSecret);
    });

    it('runs the code flow with PKCE; the callback carries iss (RFC 9207); the token reads the API', async () => {
      const { callback, tokens } = await codeFlow(client, auth, 'email first_name');
      expect(callback.searchParams.get('iss')).toBe(server.baseUrl);
      expect(tokens).toMatchObject({
        token_type: 'bearer',
        expires_in: 3600,
        scope: 'email first_name',
        refresh_token: expect.any(String),
      });
      expect(await email(tokens.access_token)).toEqual({
        status: 200,
        body: { email: 'demo@example.com' },
      });
    });

    it('refreshes, introspects and revokes', async () => {
      const { tokens } = await codeFlow(client, auth);
      const refreshed = await oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure),
      );
      expect(refreshed.refresh_token).toEqual(expect.any(String));
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

      const claims = await introspect(client, auth, refreshed.access_token);
      expect(claims).toMatchObject({
        active: true,
        client_id: client.client_id,
        scope: 'email',
        token_type: 'bearer',
        sub: expect.any(String),
      });
      expect(claims.exp! - claims.iat!).toBe(3600);

      await oauth.processRevocationResponse(
        await oauth.revocationRequest(as, client, auth, refreshed.refresh_token!, {
          ...insecure,
          additionalParameters: { token_type_hint: 'refresh_token' },
        }),
      );
      expect((await introspect(client, auth, refreshed.access_token)).active).toBe(false);
      expect(await email(refreshed.access_token)).toMatchObject({
        status: 401,
        challenges: expect.arrayContaining([
          expect.objectContaining({
            scheme: 'bearer',
            parameters: expect.objectContaining({ error: 'invalid_token', realm: 'sample-app' }),
          }),
        ]),
      });
      await expect(
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(
            as,
            client,
            auth,
            refreshed.refresh_token!,
            insecure,
          ),
        ),
      ).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    it('a replayed code is refused as invalid_grant, an RFC 6749 §5.2 error oauth4webapi understands', async () => {
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const callback = await authorize(server.baseUrl, {
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: redirectUri,
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      const params = oauth.validateAuthResponse(as, client, callback, oauth.expectNoState);
      const redeem = async () =>
        oauth.processAuthorizationCodeResponse(
          as,
          client,
          await oauth.authorizationCodeGrantRequest(
            as,
            client,
            auth,
            params,
            redirectUri,
            codeVerifier,
            insecure,
          ),
        );
      await redeem();
      await expect(redeem()).rejects.toBeInstanceOf(oauth.ResponseBodyError);
      await expect(redeem()).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
    });

    it('a denied request comes back as an authorization error with state and iss', async () => {
      const state = oauth.generateRandomState();
      const callback = await authorize(
        server.baseUrl,
        {
          response_type: 'code',
          client_id: client.client_id,
          redirect_uri: redirectUri,
          state,
          code_challenge: await oauth.calculatePKCECodeChallenge(
            oauth.generateRandomCodeVerifier(),
          ),
          code_challenge_method: 'S256',
        },
        { decision: 'deny' },
      );
      expect(() => oauth.validateAuthResponse(as, client, callback, state)).toThrow(
        oauth.AuthorizationResponseError,
      );
      try {
        oauth.validateAuthResponse(as, client, callback, state);
      } catch (error) {
        expect((error as oauth.AuthorizationResponseError).error).toBe('access_denied');
      }
    });

    it('client_credentials', async () => {
      const tokens = await oauth.processClientCredentialsResponse(
        as,
        client,
        await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: 'email' }, insecure),
      );
      expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'email' });
      expect(tokens.refresh_token).toBeUndefined();
    });

    it("oauth4webapi's body credentials are refused for a client_secret_basic client", async () => {
      const registered = await server.addClient({
        redirectUris: [redirectUri],
        grantTypes: ['client_credentials'],
        tokenEndpointAuthMethod: 'client_secret_basic',
      });
      const other = { client_id: registered.clientId };
      const response = await oauth.clientCredentialsGrantRequest(
        as,
        other,
        oauth.ClientSecretPost(registered.clientSecret),
        {},
        insecure,
      );
      await expect(
        clientRefusal(oauth.processClientCredentialsResponse(as, other, response)),
      ).resolves.toEqual(BASIC_REFUSAL);
    });
  });

  describe('a confidential client with private_key_jwt (RFC 7523 §2.2)', () => {
    let client: oauth.Client;
    let key: GenerateKeyPairResult;
    const kid = 'interop-key';
    /** oauth4webapi's PrivateKeyJwt, its assertion changed by `modify` before it is signed. */
    const keyAuth = (
      privateKey = key.privateKey,
      modify?: (payload: Record<string, unknown>) => void,
    ) =>
      oauth.PrivateKeyJwt(
        { key: privateKey, kid },
        modify && { [oauth.modifyAssertion]: (_header, payload) => modify(payload) },
      );
    const clientCredentials = async (auth: oauth.ClientAuth) =>
      oauth.processClientCredentialsResponse(
        as,
        client,
        await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: 'email' }, insecure),
      );

    beforeAll(async () => {
      key = await generateKeyPair('ES256');
      const publicJwk = { ...(await exportJWK(key.publicKey)), kid, alg: 'ES256' };
      const registered = await server.addClient({
        redirectUris: [redirectUri],
        grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
        tokenEndpointAuthMethod: 'private_key_jwt',
        jwks: { keys: [publicJwk] },
      });
      client = { client_id: registered.clientId };
    });

    it('the metadata offers it, with ES256', () => {
      expect(as.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
      expect(as.token_endpoint_auth_signing_alg_values_supported).toContain('ES256');
    });

    it('runs the code flow, client_credentials, introspection and revocation signed with its key', async () => {
      const { tokens } = await codeFlow(client, keyAuth());
      expect((await email(tokens.access_token)).status).toBe(200);
      expect((await clientCredentials(keyAuth())).access_token).toEqual(expect.any(String));
      expect(await introspect(client, keyAuth(), tokens.access_token)).toMatchObject({
        active: true,
        client_id: client.client_id,
      });
      await oauth.processRevocationResponse(
        await oauth.revocationRequest(as, client, keyAuth(), tokens.access_token, insecure),
      );
      expect(await introspect(client, keyAuth(), tokens.access_token)).toEqual({ active: false });
    });

    it('refuses a wrong key, a replayed jti, an expired assertion and a wrong audience: 401 invalid_client', async () => {
      const stranger = await generateKeyPair('ES256');
      const past = Math.floor(Date.now() / 1000) - 600;
      const jti = `replayed-${Date.now()}`;
      await clientCredentials(keyAuth(undefined, (payload) => (payload.jti = jti)));
      for (const auth of [
        keyAuth(stranger.privateKey),
        keyAuth(undefined, (payload) => (payload.jti = jti)),
        keyAuth(undefined, (payload) =>
          Object.assign(payload, { iat: past, nbf: past, exp: past + 60 }),
        ),
        keyAuth(undefined, (payload) => (payload.aud = 'https://elsewhere.example')),
      ]) {
        await expect(clientRefusal(clientCredentials(auth))).resolves.toEqual(BASIC_REFUSAL);
      }
    });

    it("a client_secret_basic client's assertion is refused", async () => {
      const secretClient = await server.addClient({ grantTypes: ['client_credentials'] });
      const assertion = oauth.PrivateKeyJwt({ key: key.privateKey, kid });
      await expect(
        clientRefusal(
          oauth
            .clientCredentialsGrantRequest(
              as,
              { client_id: secretClient.clientId },
              assertion,
              {},
              insecure,
            )
            .then((response) =>
              oauth.processClientCredentialsResponse(
                as,
                { client_id: secretClient.clientId },
                response,
              ),
            ),
        ),
      ).resolves.toEqual(BASIC_REFUSAL);
    });
  });

  describe('a confidential client with client_secret_post', () => {
    it('runs the code flow, introspects and revokes with body credentials', async () => {
      const registered = await server.addClient({
        redirectUris: [redirectUri],
        tokenEndpointAuthMethod: 'client_secret_post',
      });
      const client = { client_id: registered.clientId };
      const auth = oauth.ClientSecretPost(registered.clientSecret);
      const { tokens } = await codeFlow(client, auth);
      expect((await introspect(client, auth, tokens.access_token)).active).toBe(true);
      await oauth.processRevocationResponse(
        await oauth.revocationRequest(as, client, auth, tokens.access_token, insecure),
      );
      expect((await introspect(client, auth, tokens.access_token)).active).toBe(false);
    });
  });

  describe('a public client (auth method none)', () => {
    let client: oauth.Client;
    beforeAll(async () => {
      const registered = await server.addClient({
        redirectUris: [redirectUri],
        isPublic: true,
      });
      client = { client_id: registered.clientId, token_endpoint_auth_method: 'none' };
    });

    it('runs the code flow with PKCE, refreshes with rotation and revokes its refresh token', async () => {
      const { tokens } = await codeFlow(client, oauth.None());
      expect((await email(tokens.access_token)).status).toBe(200);
      const refresh = async (token: string) =>
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(as, client, oauth.None(), token, insecure),
        );
      const refreshed = await refresh(tokens.refresh_token!);
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
      await expect(refresh(tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });

      const second = await codeFlow(client, oauth.None());
      await oauth.processRevocationResponse(
        await oauth.revocationRequest(
          as,
          client,
          oauth.None(),
          second.tokens.refresh_token!,
          insecure,
        ),
      );
      await expect(refresh(second.tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    });

    it('may not introspect: 401 invalid_client', async () => {
      const { tokens } = await codeFlow(client, oauth.None());
      await expect(
        clientRefusal(introspect(client, oauth.None(), tokens.access_token)),
      ).resolves.toEqual(BASIC_REFUSAL);
    });
  });
});
