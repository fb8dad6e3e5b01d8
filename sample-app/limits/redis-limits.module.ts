import {
  Global,
  Inject,
  Logger,
  Module,
  Optional,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { RedisThrottlerStorage, TemporarilyUnavailable } from 'nestjs-oauth2-token';
import { printableMessage, redactUrl } from '../redact-credentials.js';

/** Where the brute-force counters go when REDIS_URL is set. */
export interface RedisLimitsSettings {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  url: string;
  /** Prepended to every key, so that several apps (or test runs) can share one Redis. */
  keyPrefix: string;
  /** Bound on each Redis command and on connecting, in milliseconds (DB_TIMEOUT_MS). */
  timeoutMs: number;
}

/** Injection token: the Redis storage of the brute-force counters, or null to keep them in the database. */
export const SAMPLE_REDIS_LIMIT_STORAGE = Symbol('SAMPLE_REDIS_LIMIT_STORAGE');

/**
 * With REDIS_URL, one ioredis connection whose `RedisThrottlerStorage` both token endpoints use, so every instance
 * on that Redis shares one budget; without it, null. Global so that the endpoint registrations, which are built
 * once at import, find it. A failed or slow Redis command answers 503 `temporarily_unavailable` (the limits are
 * checked on every request), its cause logged without credentials.
 */
@Global()
@Module({})
export class RedisLimitsModule implements OnApplicationShutdown {
  static forRoot(settings?: RedisLimitsSettings): DynamicModule {
    return {
      module: RedisLimitsModule,
      providers: [
        {
          provide: Redis,
          useFactory: () => (settings ? connect(settings) : null),
        },
        {
          provide: SAMPLE_REDIS_LIMIT_STORAGE,
          useFactory: (redis: Redis | null) => redis && storageOn(redis, settings!.keyPrefix),
          inject: [Redis],
        },
      ],
      exports: [SAMPLE_REDIS_LIMIT_STORAGE],
    };
  }

  constructor(@Optional() @Inject(Redis) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

function connect({ url, timeoutMs }: RedisLimitsSettings): Redis {
  const logger = new Logger('Redis');
  const redis = new Redis(url, {
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
  });
  redis.on('error', (error: unknown) =>
    logger.warn(`${redactUrl(url)}: ${printableMessage(error)}`),
  );
  return redis;
}

function storageOn(redis: Redis, keyPrefix: string): RedisThrottlerStorage {
  const logger = new Logger('Redis');
  return new RedisThrottlerStorage(async (script, keys, args) => {
    try {
      return await redis.eval(script, keys.length, ...keys, ...args);
    } catch (error) {
      logger.warn(`Brute-force counters unavailable: ${printableMessage(error)}`);
      throw new TemporarilyUnavailable('The service is temporarily unavailable; retry shortly');
    }
  }, keyPrefix);
}
