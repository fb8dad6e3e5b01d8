import { isIP } from 'node:net';
import { DEFAULT_DATABASE_URL, DEFAULT_DB_TIMEOUT_MS } from './database/database-options.js';

/**
 * The sample app's settings, from PORT, HOST, DATABASE_URL, DB_TIMEOUT_MS, SEED_DEMO, TRUST_PROXY,
 * ACCESS_TOKEN_FORMAT, SIGNING_KEY_SECRET, REDIS_URL and REDIS_KEY_PREFIX.
 */
export interface SampleSettings {
  /** @default 3000 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** @default 'sqlite:sample-app/data/oauth2.sqlite' */
  databaseUrl: string;
  /** How long a request may wait for the database before it is answered 503. @default 5000 */
  dbTimeoutMs: number;
  /** Seed the demo scopes, user and client, whose credentials are public. @default true on the default SQLite file only */
  seedDemo: boolean;
  /** The proxies whose `X-Forwarded-*` headers are believed: addresses, CIDR ranges or proxy-addr names. @default [] */
  trustProxy: string[];
  /**
   * The secret that encrypts the signing keys kept in the database: set, the bearer endpoint issues JWT access
   * tokens (RFC 9068). @default undefined (opaque tokens)
   */
  signingKeySecret: string | undefined;
  /** Where the brute-force counters go (`redis://…`); in the database when unset. */
  redisUrl?: string;
  /** Prefix of every Redis key of the counters. @default 'oauth2:limit:' */
  redisKeyPrefix: string;
  /** What `/oauth2/token` issues: opaque tokens, or RFC 9068 JWTs (ACCESS_TOKEN_FORMAT=jwt). @default 'opaque' */
  accessTokenFormat: 'opaque' | 'jwt';
}

/** The Redis key prefix when REDIS_KEY_PREFIX is not set (RedisThrottlerStorage's default). */
export const DEFAULT_REDIS_KEY_PREFIX = 'oauth2:limit:';

/** Reads the settings from `env`; throws on a malformed PORT, DB_TIMEOUT_MS, SEED_DEMO, TRUST_PROXY or REDIS_URL. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): SampleSettings {
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error('PORT must be an integer from 0 to 65535');
  }
  const databaseUrl = databaseUrlFrom(env);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dbTimeoutMs: dbTimeoutFrom(env),
    seedDemo: seedDemoFrom(env, databaseUrl),
    trustProxy: trustProxyFrom(env),
    signingKeySecret: signingKeySecretFrom(env),
    redisUrl: redisUrlFrom(env),
    redisKeyPrefix: env.REDIS_KEY_PREFIX || DEFAULT_REDIS_KEY_PREFIX,
    accessTokenFormat: accessTokenFormatFrom(env),
  };
}

/** SIGNING_KEY_SECRET, when set; too short a secret is refused by the module, which names the rule. */
export function signingKeySecretFrom(env: NodeJS.ProcessEnv): string | undefined {
  return env.SIGNING_KEY_SECRET || undefined;
}

/** REDIS_URL (`redis://` or `rediss://`), or undefined: then the counters stay in the database. */
export function redisUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.REDIS_URL) return undefined;
  if (!/^rediss?:\/\/./.test(env.REDIS_URL) || !URL.canParse(env.REDIS_URL)) {
    throw new Error('REDIS_URL must be redis://[user:password@]host[:port][/db] or rediss://…');
  }
  return env.REDIS_URL;
}

/** DATABASE_URL, or the default SQLite file. */
export function databaseUrlFrom(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** DB_TIMEOUT_MS (milliseconds, 100 to 600000), or 5000. */
export function dbTimeoutFrom(env: NodeJS.ProcessEnv): number {
  const value = env.DB_TIMEOUT_MS ? Number(env.DB_TIMEOUT_MS) : DEFAULT_DB_TIMEOUT_MS;
  if (!Number.isInteger(value) || value < 100 || value > 600_000) {
    throw new Error('DB_TIMEOUT_MS must be an integer number of milliseconds from 100 to 600000');
  }
  return value;
}

/**
 * SEED_DEMO=1 seeds the demo data, SEED_DEMO=0 never does; unset, only the default SQLite file gets it, so that a
 * copy pointed at a real database never holds a client and a user whose passwords are printed in every README.
 */
export function seedDemoFrom(env: NodeJS.ProcessEnv, databaseUrl: string): boolean {
  if (!env.SEED_DEMO) return databaseUrl === DEFAULT_DATABASE_URL;
  if (env.SEED_DEMO === '1' || env.SEED_DEMO === '0') return env.SEED_DEMO === '1';
  throw new Error('SEED_DEMO must be 1 (seed the demo data) or 0 (never)');
}

/** ACCESS_TOKEN_FORMAT: `opaque` (or unset) or `jwt`. */
export function accessTokenFormatFrom(env: NodeJS.ProcessEnv): 'opaque' | 'jwt' {
  const format = env.ACCESS_TOKEN_FORMAT || 'opaque';
  if (format !== 'opaque' && format !== 'jwt') {
    throw new Error('ACCESS_TOKEN_FORMAT must be opaque or jwt');
  }
  return format;
}

/** The proxy-addr names of address ranges that both Express and Fastify accept. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: the comma-separated addresses or ranges (`10.0.0.0/8`, `loopback`) of the proxies in front of the
 * app; empty when unset. `true` and hop counts are refused: they would believe headers any client can send.
 */
export function trustProxyFrom(env: NodeJS.ProcessEnv): string[] {
  if (!env.TRUST_PROXY?.trim()) return [];
  const entries = env.TRUST_PROXY.split(',').map((entry) => entry.trim());
  if (!entries.every(isProxyAddress)) {
    throw new Error(
      'TRUST_PROXY must list the proxies: addresses or CIDR ranges, or loopback, linklocal, uniquelocal, comma-separated',
    );
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * The app's URL for HOST and PORT (`http://HOST:PORT`): what the issuer, the demo redirect URI and mac-request
 * name. An unspecified address (0.0.0.0, ::) is reached on loopback, as Nest's `getUrl()` says.
 */
export function baseUrlOf(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
