import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { AccessTokenSigningKey } from 'nestjs-oauth2-token';

/** Where the sample keeps data besides a SQLite file's own folder. */
const DATA_DIR = 'sample-app/data';
/** File name of the generated key, next to the SQLite file. */
export const SIGNING_KEY_FILE = 'jwt-signing-key.json';

/** `jwt-signing-key.json` in the SQLite file's folder, else in sample-app/data (for PostgreSQL). */
export function signingKeyPath(databaseUrl: string): string {
  const sqlite = databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : '';
  const dir = sqlite && sqlite !== ':memory:' ? dirname(sqlite) : DATA_DIR;
  return join(dir, SIGNING_KEY_FILE);
}

/**
 * The key that signs the sample's JWT access tokens: SIGNING_KEY (a private JWK, JSON) when set; else the Ed25519
 * key in `path`, generated there once (readable by its owner only) so that tokens outlive a restart.
 */
export async function loadSigningKey(
  env: NodeJS.ProcessEnv,
  path: string,
): Promise<{ key: AccessTokenSigningKey; source: string }> {
  if (env.SIGNING_KEY)
    return { key: withKid(parseJwk(env.SIGNING_KEY, 'SIGNING_KEY')), source: 'SIGNING_KEY' };
  if (existsSync(path))
    return { key: withKid(parseJwk(readFileSync(path, 'utf8'), path)), source: path };
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const key = { ...jwk, kid: await calculateJwkThumbprint(jwk) };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(key)}\n`, { mode: 0o600, flag: 'wx' });
  return { key: withKid(key), source: path };
}

function parseJwk(text: string, where: string): JWK {
  try {
    const jwk = JSON.parse(text) as unknown;
    if (typeof jwk === 'object' && jwk !== null && !Array.isArray(jwk)) return jwk as JWK;
  } catch {
    // reported below, without the text: it is a private key
  }
  throw new Error(`${where} must hold a private JWK (JSON)`);
}

/** The `alg` the library checks against the key itself: a wrong one makes the app refuse to start, naming it. */
function withKid(jwk: JWK): AccessTokenSigningKey {
  return { ...jwk, kid: jwk.kid || 'sample-app' } as AccessTokenSigningKey;
}
