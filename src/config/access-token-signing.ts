import { createPrivateKey, KeyObject } from 'node:crypto';
import type {
  AccessTokenSigningAlg,
  AccessTokenSigningKey,
} from '../interfaces/signing-key.interface.js';
import type { DatabaseKeySettings } from './database-signing-keys.js';

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
