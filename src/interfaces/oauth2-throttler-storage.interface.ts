import type { ThrottlerStorage } from '@nestjs/throttler';

/** What `@nestjs/throttler`'s storage reports of a key (`ThrottlerStorageRecord`, which its index does not export). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * `@nestjs/throttler`'s storage, plus the read the brute-force limits need: whether a key is blocked before the
 * request is checked, so that a right guess while blocked is refused like a wrong one. The module's own
 * implementations are `DatabaseThrottlerStorage` (the default: a table of the module's schema) and
 * `RedisThrottlerStorage`; provide another under `OAUTH2_THROTTLER_STORAGE`.
 */
export interface OAuth2ThrottlerStorage extends ThrottlerStorage {
  /** The key's record as `increment` would report it, without counting; undefined when it has none in force. */
  get(key: string, throttlerName: string): Promise<ThrottlerStorageRecord | undefined>;
  /**
   * Several keys' records, in order, as `get` reports each, read at once: the limits check two keys per request.
   * Optional: without it they call `get` per key. @default undefined
   */
  getMany?(keys: readonly ThrottlerKey[]): Promise<(ThrottlerStorageRecord | undefined)[]>;
}

/** A key and the throttler it counts for, as `get` takes them. */
export interface ThrottlerKey {
  key: string;
  throttlerName: string;
}
