import { createPrivateKey, KeyObject } from 'node:crypto';
import {
  MIN_ENCRYPTION_SECRET_LENGTH,
  signingKeyEncryptionKey,
  type SigningKeyEncryptionKey,
} from '../crypto/signing-key-encryption.js';
import type {
  AccessTokenSigningAlg,
  AccessTokenSigningKey,
  DatabaseSigningKeys,
} from '../interfaces/signing-key.interface.js';

/** One validated signing key: its private `KeyObject`, `kid` and algorithm. */
export interface ResolvedSigningKey {
  readonly kid: string;
  readonly alg: AccessTokenSigningAlg;
  readonly key: KeyObject;
}

/** What a registration needs to sign RFC 9068 access tokens. */
export interface JwtAccessTokenSettings {
  readonly issuer: string;
  readonly audience: string;
  /** The keys the app supplies: the first one signs; all are published. Empty with `database`. */
  readonly keys: readonly ResolvedSigningKey[];
  /** Set when the keys live in the database instead. */
  readonly database: DatabaseKeySettings | undefined;
}

/** How a registration keeps its signing keys in the database (`signingKeys: { source: 'database' }`), resolved. */
export interface DatabaseKeySettings {
  readonly encryptionKey: SigningKeyEncryptionKey;
  /** Algorithm of the keys generated from now on. */
  readonly algorithm: AccessTokenSigningAlg;
  readonly publishDelaySeconds: number;
  readonly reloadIntervalSeconds: number;
}

/** Defaults of `DatabaseSigningKeys`: publish for the JWKS max-age (300 s) plus two reloads before signing. */
export const DATABASE_KEY_DEFAULTS = {
  algorithm: 'ES256',
  publishDelaySeconds: 420,
  reloadIntervalSeconds: 60,
} as const satisfies Partial<DatabaseSigningKeys>;

const SIGNING_ALGS: readonly AccessTokenSigningAlg[] = ['ES256', 'EdDSA', 'RS256'];
const DATABASE_KEY_OPTIONS = new Set([
  'source',
  'encryptionKey',
  'algorithm',
  'publishDelaySeconds',
  'reloadIntervalSeconds',
]);

/** Whether `signingKeys` selects the database rather than listing keys. */
export function isDatabaseSigningKeys(value: unknown): value is DatabaseSigningKeys {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks `signingKeys: { source: 'database', ... }`, naming every problem (never the secret itself). */
export function resolveDatabaseKeys(options: DatabaseSigningKeys): DatabaseKeySettings | string[] {
  const at = 'signingKeys';
  const problems = Object.keys(options)
    .filter((name) => !DATABASE_KEY_OPTIONS.has(name))
    .map((name) => `${at}.${name} is not an option`);
  if (options.source !== 'database') {
    problems.push(`${at}: must be an array of keys or { source: 'database', encryptionKey }`);
  }
  const { encryptionKey: secret } = options;
  if (
    typeof secret === 'string'
      ? secret.length < MIN_ENCRYPTION_SECRET_LENGTH
      : !(secret instanceof Uint8Array) || secret.length !== MIN_ENCRYPTION_SECRET_LENGTH
  ) {
    problems.push(
      `${at}.encryptionKey: must be a string of ${MIN_ENCRYPTION_SECRET_LENGTH} characters or more, or ${MIN_ENCRYPTION_SECRET_LENGTH} bytes`,
    );
  }
  const settings = { ...DATABASE_KEY_DEFAULTS, ...withoutUndefined(options) };
  if (!SIGNING_ALGS.includes(settings.algorithm)) {
    problems.push(`${at}.algorithm: must be one of ${SIGNING_ALGS.join(', ')}`);
  }
  const { publishDelaySeconds: delay, reloadIntervalSeconds: interval } = settings;
  if (!Number.isInteger(interval) || interval < 1) {
    problems.push(`${at}.reloadIntervalSeconds: must be an integer of at least 1`);
  }
  if (!Number.isInteger(delay) || delay < 2 * interval) {
    problems.push(
      `${at}.publishDelaySeconds: must be an integer of at least twice reloadIntervalSeconds, so that every instance publishes a key before any signs with it`,
    );
  }
  if (problems.length) return problems;
  return {
    encryptionKey: signingKeyEncryptionKey(secret),
    algorithm: settings.algorithm,
    publishDelaySeconds: delay,
    reloadIntervalSeconds: interval,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Reads each key as a private `KeyObject` with its algorithm, or names what is wrong with it. */
export function resolveSigningKeys(
  keys: readonly AccessTokenSigningKey[],
): ResolvedSigningKey[] | string[] {
  const problems: string[] = [];
  const resolved: ResolvedSigningKey[] = [];
  const kids = new Set<string>();
  keys.forEach((candidate, index) => {
    const at = `signingKeys[${index}]`;
    const kid = (candidate as { kid?: unknown } | null)?.kid;
    if (typeof kid !== 'string' || kid === '') return problems.push(`${at}: needs a kid`);
    if (kids.has(kid)) return problems.push(`${at}: kid "${kid}" is used twice`);
    kids.add(kid);
    const key = privateKeyOf(candidate);
    const alg = key && algorithmOf(key);
    if (!key || !alg) {
      return problems.push(
        `${at}: must be a private EC P-256, Ed25519 or RSA (2048 bits or more) key`,
      );
    }
    if (candidate.alg !== undefined && candidate.alg !== alg) {
      return problems.push(`${at}: alg ${String(candidate.alg)} does not fit the key (${alg})`);
    }
    resolved.push({ kid, alg, key });
  });
  return problems.length ? problems : resolved;
}

function privateKeyOf(candidate: AccessTokenSigningKey): KeyObject | undefined {
  if ('key' in candidate) {
    return candidate.key instanceof KeyObject && candidate.key.type === 'private'
      ? candidate.key
      : undefined;
  }
  try {
    const { kid: _, alg: __, ...jwk } = candidate;
    return createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

function algorithmOf(key: KeyObject): AccessTokenSigningAlg | undefined {
  if (key.asymmetricKeyType === 'ec') {
    return key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ES256' : undefined;
  }
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'rsa') {
    return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? 'RS256' : undefined;
  }
  return undefined;
}
