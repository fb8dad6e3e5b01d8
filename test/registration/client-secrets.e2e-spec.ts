import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Client,
  ClientRegistry,
  InvalidRegistration,
  OAuth2TokenModule,
} from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const TOO_SHORT = /at least 32 characters/;

/**
 * Secrets are stored as unsalted SHA-256: right for generated 256-bit values, a dictionary away from cracked for a
 * short chosen one. `ClientRegistry.register` takes a chosen secret only when it is at least 32 characters long.
 */
describe('ClientRegistry: a chosen client secret is at least 32 characters', () => {
  let t: E2eApp;
  let registry: ClientRegistry;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    registry = t.app.get(ClientRegistry);
  });
  afterAll(() => t.close());

  const form = { grant_type: 'client_credentials' };

  it.each([
    ['a short word', 'demo-secret'],
    ['31 characters', 'x'.repeat(31)],
    ['16 two-byte characters (32 bytes)', 'é'.repeat(16)],
  ])('refuses %s, naming the rule, and stores nothing', async (_name, secret) => {
    const refusal = registry.register({ name: 'short secret', secret });
    await expect(refusal).rejects.toBeInstanceOf(InvalidRegistration);
    await expect(refusal).rejects.toThrow(TOO_SHORT);
    await expect(
      t.dataSource.getRepository(Client).countBy({ name: 'short secret' }),
    ).resolves.toBe(0);
  });

  it('does not echo the refused secret in the error', async () => {
    const secret = 'my-guessable-password';
    const error = await registry.register({ name: 'x', secret }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRegistration);
    expect((error as Error).message).not.toContain(secret);
  });

  it.each([
    ['32 characters', 'a:b+c% d&e=f'.padEnd(32, 'x')],
    ['32 non-ASCII characters', 'é'.repeat(32)],
  ])('accepts %s, which then authenticates', async (_name, secret) => {
    const { client, clientSecret } = await registry.register({ name: 'chosen', secret });
    expect(clientSecret).toBe(secret);
    const credentials = { clientId: client.clientId, clientSecret: secret };
    expectToken(await postToken(t, form, credentials));
    expectOAuthError(
      await postToken(t, form, { ...credentials, clientSecret: 'x' }),
      'invalid_client',
      401,
    );
  });

  it('generates a 256-bit secret when none is chosen', async () => {
    const { client, clientSecret } = await registry.register({ name: 'generated' });
    expect(clientSecret).toMatch(/^[\w-]{43}$/);
    expectToken(
      await postToken(t, form, { clientId: client.clientId, clientSecret: clientSecret! }),
    );
  });
});
