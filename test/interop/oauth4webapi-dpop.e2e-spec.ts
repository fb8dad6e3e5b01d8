import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oauth from 'oauth4webapi';
import { authorize } from './support/consent-form.js';
import { discover, insecure } from './support/discovery.js';
import { startSampleServer, type SampleServer } from './support/sample-server.js';

/**
 * oauth4webapi's DPoP handle (RFC 9449) as an independent client of the sample app: its proofs get DPoP-bound
 * tokens from client_credentials, the code flow with PKCE and refresh, and those tokens read the sample's API
 * (`Authorization: DPoP` with a proof carrying `ath`), while the same token without a proof is refused.
 */
describe('interop: oauth4webapi DPoP against the sample app', () => {
  let server: SampleServer;
  let as: oauth.AuthorizationServer;
  let redirectUri: string;

  beforeAll(async () => {
    server = await startSampleServer();
    redirectUri = `${server.baseUrl}/callback`;
    as = await discover(server.baseUrl);
  });
  afterAll(() => server?.close());

  /** GET /api/email with the token and a proof from `DPoP`; a refusal is the challenge oauth4webapi parsed. */
  async function email(accessToken: string, DPoP?: oauth.DPoPHandle) {
    try {
      const response = await oauth.protectedResourceRequest(
        accessToken,
        'GET',
        new URL(`${server.baseUrl}/api/email`),
        undefined,
        undefined,
        { ...insecure, DPoP },
      );
      return { status: response.status, body: await response.json() };
    } catch (error) {
      if (!(error instanceof oauth.WWWAuthenticateChallengeError)) throw error;
      return { status: error.status, challenges: error.cause };
    }
  }

  it('the metadata advertises the DPoP algorithms', () => {
    expect(as.dpop_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['ES256', 'EdDSA']),
    );
  });

  it('client_credentials: a DPoP token (ES256 key) that reads the API with proofs, and not without', async () => {
    const ownerId = await server.addUser('dpop-owner', 'a long enough password 1');
    const registered = await server.addClient({ grantTypes: ['client_credentials'], ownerId });
    const client: oauth.Client = { client_id: registered.clientId };
    const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(
        as,
        client,
        oauth.ClientSecretBasic(registered.clientSecret),
        { scope: 'email' },
        { ...insecure, DPoP },
      ),
    );
    expect(tokens).toMatchObject({ token_type: 'dpop', scope: 'email' });
    expect(await email(tokens.access_token, DPoP)).toEqual({
      status: 200,
      body: { email: 'dpop-owner@example.com' },
    });
    expect(await email(tokens.access_token)).toMatchObject({
      status: 401,
      challenges: expect.arrayContaining([
        expect.objectContaining({
          scheme: 'bearer',
          parameters: expect.objectContaining({ error: 'invalid_token' }),
        }),
      ]),
    });
  });

  it('a public client: code flow with PKCE and refresh (Ed25519 key), every token bound and usable', async () => {
    const registered = await server.addClient({ redirectUris: [redirectUri], isPublic: true });
    const client: oauth.Client = {
      client_id: registered.clientId,
      token_endpoint_auth_method: 'none',
    };
    const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('Ed25519'));
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const callback = await authorize(server.baseUrl, {
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scope: 'email',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.None(),
        params,
        redirectUri,
        codeVerifier,
        { ...insecure, DPoP },
      ),
    );
    expect(tokens).toMatchObject({ token_type: 'dpop', refresh_token: expect.any(String) });
    expect((await email(tokens.access_token, DPoP)).status).toBe(200);

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, {
        ...insecure,
        DPoP,
      }),
    );
    expect(refreshed.token_type).toBe('dpop');
    expect(await email(refreshed.access_token, DPoP)).toEqual({
      status: 200,
      body: { email: 'demo@example.com' },
    });

    // The refresh token is bound to the key: another key (a thief's) cannot use it.
    const thief = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    await expect(
      oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshed.refresh_token!, {
          ...insecure,
          DPoP: thief,
        }),
      ),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
