import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Client,
  ClientRegistry,
  InvalidRegistration,
  OAuth2TokenModule,
  type ClientRegistration,
} from 'nestjs-oauth2-token';
import { exportJWK, generateKeyPair } from 'jose';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { clientKey } from '../client-auth/support/client-assertions.js';

/** Registering `private_key_jwt` clients: one key source, public keys only, no secret; `client_secret_jwt` refused. */
describe('ClientRegistry: private_key_jwt clients and their keys', () => {
  let t: E2eApp;
  let registry: ClientRegistry;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    registry = t.app.get(ClientRegistry);
  });
  afterAll(() => t.close());

  const keyClient = (registration: Partial<ClientRegistration>) =>
    registry.register({
      name: 'key client',
      tokenEndpointAuthMethod: 'private_key_jwt',
      ...registration,
    });

  it('stores the JWK Set, or the jwks_uri, and gives the client no secret', async () => {
    const { publicJwk } = await clientKey();
    const byKeys = await keyClient({ jwks: { keys: [publicJwk] } });
    expect(byKeys.clientSecret).toBeNull();
    const stored = await t.dataSource
      .getRepository(Client)
      .findOneByOrFail({ clientId: byKeys.client.clientId });
    expect({ secretHash: stored.secretHash, jwks: stored.jwks, jwksUri: stored.jwksUri }).toEqual({
      secretHash: null,
      jwks: { keys: [publicJwk] },
      jwksUri: null,
    });
    const byUri = await keyClient({ jwksUri: 'https://client.example.test/jwks.json' });
    const storedUri = await t.dataSource
      .getRepository(Client)
      .findOneByOrFail({ clientId: byUri.client.clientId });
    expect({ jwks: storedUri.jwks, jwksUri: storedUri.jwksUri }).toEqual({
      jwks: null,
      jwksUri: 'https://client.example.test/jwks.json',
    });
  });

  it('refuses client_secret_jwt, explaining that secrets are stored hashed', async () => {
    const refusal = registry.register({
      name: 'refused',
      tokenEndpointAuthMethod: 'client_secret_jwt' as ClientRegistration['tokenEndpointAuthMethod'],
    });
    await expect(refusal).rejects.toBeInstanceOf(InvalidRegistration);
    await expect(refusal).rejects.toThrow(/SHA-256 hashes/);
  });

  it.each<[string, () => Promise<Partial<ClientRegistration>>, RegExp]>([
    ['no keys', async () => ({}), /either jwks or jwks_uri/],
    [
      'both jwks and jwks_uri',
      async () => ({
        jwks: { keys: [(await clientKey()).publicJwk] },
        jwksUri: 'https://c.test/k',
      }),
      /either jwks or jwks_uri/,
    ],
    [
      'a secret',
      async () => ({ jwks: { keys: [(await clientKey()).publicJwk] }, secret: 'x'.repeat(40) }),
      /not a secret/,
    ],
    ['an empty key set', async () => ({ jwks: { keys: [] } }), /1 to 50 keys/],
    ['no keys array', async () => ({ jwks: {} as never }), /"keys" array/],
    [
      'a private key',
      async () => {
        const { privateKey } = await generateKeyPair('ES256', { extractable: true });
        return { jwks: { keys: [await exportJWK(privateKey)] } };
      },
      /private key material/,
    ],
    [
      'a symmetric key',
      async () => ({ jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }),
      /RSA, EC or OKP/,
    ],
    [
      'an encryption key',
      async () => ({ jwks: { keys: [{ ...(await clientKey()).publicJwk, use: 'enc' }] } }),
      /"use" must be "sig"/,
    ],
  ])('refuses a private_key_jwt client with %s, storing nothing', async (_name, extra, message) => {
    const before = await t.dataSource.getRepository(Client).count();
    const refusal = keyClient(await extra());
    await expect(refusal).rejects.toBeInstanceOf(InvalidRegistration);
    await expect(refusal).rejects.toThrow(message);
    await expect(t.dataSource.getRepository(Client).count()).resolves.toBe(before);
  });

  it('refuses keys for a client that authenticates otherwise', async () => {
    const { publicJwk } = await clientKey();
    await expect(registry.register({ name: 'x', jwks: { keys: [publicJwk] } })).rejects.toThrow(
      /private_key_jwt clients only/,
    );
    await expect(
      registry.register({
        name: 'x',
        isPublic: true,
        tokenEndpointAuthMethod: 'private_key_jwt',
        jwksUri: 'https://c.test/k',
      }),
    ).rejects.toBeInstanceOf(InvalidRegistration);
  });
});
