import { resolveSigningKeys } from '../config/access-token-signing.js';
import type { AccessTokenSigningAlg } from '../interfaces/signing-key.interface.js';
import {
  AccessTokenKeySet,
  LocalAccessTokenKeySet,
  RemoteAccessTokenKeySet,
} from './access-token-key-set.js';
import type { JwtVerificationOptions } from './jwt-verification-options.interface.js';

const ALGORITHMS: AccessTokenSigningAlg[] = ['ES256', 'EdDSA', 'RS256'];
const DEFAULT_CACHE = { maxEntries: 10_000, maxAge: 60 };
const MAX_CLOCK_TOLERANCE = 300;

/** `jwt` options after validation, with defaults applied. */
export interface JwtVerificationConfig {
  issuer: string;
  audience: string[];
  keySet: AccessTokenKeySet;
  algorithms: AccessTokenSigningAlg[];
  clockTolerance: number;
  checkRevocation: boolean;
  cache: { maxEntries: number; maxAge: number } | false;
}

/** Validates the `jwt` options and picks their key source; returns the problems found instead when there are any. */
export function resolveJwtVerification(
  jwt: JwtVerificationOptions,
): JwtVerificationConfig | string[] {
  const problems: string[] = [];
  const at = (message: string) => problems.push(`jwt.${message}`);
  if (typeof jwt !== 'object' || jwt === null) return ['jwt must be an object'];
  if (typeof jwt.issuer !== 'string' || !jwt.issuer) at('issuer must be a non-empty string');
  const audience = typeof jwt.audience === 'string' ? [jwt.audience] : jwt.audience;
  if (
    !Array.isArray(audience) ||
    !audience.length ||
    !audience.every((a) => typeof a === 'string' && a)
  ) {
    at('audience must be a non-empty string or list of strings');
  }
  const sources = (['signingKeys', 'jwksUri', 'keySet'] as const).filter(
    (k) => jwt[k] !== undefined,
  );
  if (sources.length !== 1)
    problems.push('jwt: give exactly one key source: signingKeys, jwksUri or keySet');
  let keySet: AccessTokenKeySet | undefined;
  let keyAlgorithms = ALGORITHMS;
  if (jwt.signingKeys !== undefined) {
    const keys = Array.isArray(jwt.signingKeys)
      ? resolveSigningKeys(jwt.signingKeys)
      : ['must be a list'];
    if (keys.length === 0) at('signingKeys must not be empty');
    else if (typeof keys[0] === 'string')
      (keys as string[]).forEach((p) => at(`signingKeys: ${p}`));
    else {
      const resolved = keys as Exclude<typeof keys, string[]>;
      keySet = LocalAccessTokenKeySet.fromSigningKeys(resolved);
      keyAlgorithms = [...new Set(resolved.map((key) => key.alg))];
    }
  }
  if (jwt.jwksUri !== undefined) {
    if (!isHttpUrl(jwt.jwksUri)) at('jwksUri must be an http(s) URL');
    else keySet = new RemoteAccessTokenKeySet(jwt.jwksUri);
  }
  if (jwt.keySet !== undefined) {
    if (!(jwt.keySet instanceof AccessTokenKeySet)) at('keySet must extend AccessTokenKeySet');
    else keySet = jwt.keySet;
  }
  const algorithms = jwt.algorithms ?? keyAlgorithms;
  if (
    !Array.isArray(algorithms) ||
    !algorithms.length ||
    !algorithms.every((a) => ALGORITHMS.includes(a))
  ) {
    at(`algorithms must list some of ${ALGORITHMS.join(', ')}`);
  }
  const clockTolerance = jwt.clockTolerance ?? 5;
  if (!isIntIn(clockTolerance, 0, MAX_CLOCK_TOLERANCE)) {
    at(`clockTolerance must be an integer number of seconds from 0 to ${MAX_CLOCK_TOLERANCE}`);
  }
  const checkRevocation = jwt.checkRevocation ?? false;
  if (typeof checkRevocation !== 'boolean') at('checkRevocation must be a boolean');
  const cache = resolveCache(jwt.cache, checkRevocation, at);
  if (problems.length) return problems;
  return {
    issuer: jwt.issuer,
    audience: audience as string[],
    keySet: keySet!,
    algorithms,
    clockTolerance,
    checkRevocation,
    cache,
  };
}

function resolveCache(
  cache: JwtVerificationOptions['cache'],
  checkRevocation: boolean,
  at: (message: string) => void,
): JwtVerificationConfig['cache'] {
  if (cache === false || (cache === undefined && checkRevocation)) return false;
  if (cache !== undefined && (typeof cache !== 'object' || cache === null)) {
    at('cache must be false or { maxEntries, maxAge }');
    return false;
  }
  const resolved = { ...DEFAULT_CACHE, ...stripUndefined(cache ?? {}) };
  if (!isIntIn(resolved.maxEntries, 1, 10_000_000))
    at('cache.maxEntries must be a positive integer');
  if (!isIntIn(resolved.maxAge, 1, 86_400))
    at('cache.maxAge must be an integer number of seconds from 1 to 86400');
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  return ['https:', 'http:'].includes(new URL(value).protocol);
}
