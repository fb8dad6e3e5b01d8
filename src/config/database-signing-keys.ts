import {
  MIN_ENCRYPTION_SECRET_LENGTH,
  signingKeyEncryptionKey,
  type SigningKeyEncryptionKey,
} from '../crypto/signing-key-encryption.js';
import type {
  AccessTokenSigningAlg,
  DatabaseSigningKeys,
} from '../interfaces/signing-key.interface.js';

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
