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
}
