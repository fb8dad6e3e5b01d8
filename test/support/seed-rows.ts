import { Client, Code } from 'nestjs-oauth2-token';
import { generateSecret, hashSecret } from '../../src/crypto/secrets.js';
import { nowInSeconds } from '../../src/entities/unix-time.transformer.js';
import type { E2eApp, TestClient } from './e2e-app.js';

/**
 * Writes rows straight into the tables, bypassing `ClientRegistry` and `CodeIssuer`: data those services refuse
 * to create today (a public client listing client_credentials, a plain PKCE code) may still exist, e.g. from an
 * older version, a migration or another writer, and the token endpoint must refuse it on its own.
 */
export async function seedClient(
  t: Pick<E2eApp, 'dataSource'>,
  fields: Partial<Omit<Client, 'secretHash'>> & { secret?: string | null } = {},
): Promise<TestClient> {
  const { secret = fields.isPublic ? null : generateSecret(), ...rest } = fields;
  const clientId = rest.clientId ?? `seeded-${generateSecret().slice(0, 16)}`;
  await t.dataSource.getRepository(Client).insert({
    name: 'seeded client',
    description: null,
    ownerId: null,
    redirectUris: [],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    isPublic: false,
    createdAt: nowInSeconds(),
    ...rest,
    clientId,
    secretHash: secret === null ? null : hashSecret(secret),
  });
  return { clientId, clientSecret: secret ?? '' };
}

/** Stores an authorization code with the given columns and returns its value. */
export async function seedCode(
  t: Pick<E2eApp, 'dataSource'>,
  fields: Partial<Omit<Code, 'codeHash'>> & { clientId: string },
): Promise<string> {
  const code = generateSecret();
  const now = nowInSeconds();
  await t.dataSource.getRepository(Code).insert({
    userId: 'u1',
    redirectUri: null,
    scope: '',
    issuedAt: now,
    expiresAt: now + 120,
    codeChallenge: null,
    codeChallengeMethod: null,
    consumedAt: null,
    ...fields,
    codeHash: hashSecret(code),
  });
  return code;
}
