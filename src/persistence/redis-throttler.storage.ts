import type {
  OAuth2ThrottlerStorage,
  ThrottlerKey,
  ThrottlerStorageRecord,
} from '../interfaces/oauth2-throttler-storage.interface.js';
import { counterKey } from './database-throttler.storage.js';

/** Runs a Lua script on Redis (`EVAL`): adapt your client's call, e.g. ioredis `(s, k, a) => redis.eval(s, k.length, ...k, ...a)`. */
export type RedisEval = (script: string, keys: string[], args: string[]) => Promise<unknown>;

/** Counts a failure: the window starts with the first hit; a block starts when the count first exceeds the limit. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, redis.call('PTTL', KEYS[1]), blocked }`;

/** Reads `[hits, window ms left, block ms left]` of each counter and block key pair in KEYS, one after the other. */
const READ = `
local reply = {}
for i = 1, #KEYS, 2 do
  table.insert(reply, tonumber(redis.call('GET', KEYS[i]) or '0'))
  table.insert(reply, redis.call('PTTL', KEYS[i]))
  table.insert(reply, redis.call('PTTL', KEYS[i + 1]))
end
return reply`;

/**
 * Brute-force counters in Redis, shared by every instance that uses the same Redis: a counter key with the window
 * as its expiry, and a block key with the block as its own. Each call is one atomic script.
 */
export class RedisThrottlerStorage implements OAuth2ThrottlerStorage {
  /** @param prefix prepended to every Redis key. @default 'oauth2:limit:' */
  constructor(
    private readonly evaluate: RedisEval,
    private readonly prefix = 'oauth2:limit:',
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const reply = await this.evaluate(INCREMENT, this.keys(key, throttlerName), [
      String(ttl),
      String(limit),
      String(blockDuration),
    ]);
    return record(reply);
  }

  async get(key: string, throttlerName: string): Promise<ThrottlerStorageRecord | undefined> {
    return (await this.getMany([{ key, throttlerName }]))[0];
  }

  /** The keys' records in one script. */
  async getMany(keys: readonly ThrottlerKey[]): Promise<(ThrottlerStorageRecord | undefined)[]> {
    const reply = (await this.evaluate(
      READ,
      keys.flatMap(({ key, throttlerName }) => this.keys(key, throttlerName)),
      [],
    )) as unknown[];
    return keys.map((_, i) => {
      const current = record(reply.slice(3 * i, 3 * i + 3));
      return current.totalHits === 0 && !current.isBlocked ? undefined : current;
    });
  }

  private keys(key: string, throttlerName: string): string[] {
    const counter = `${this.prefix}${counterKey(key, throttlerName)}`;
    return [counter, `${counter}:blocked`];
  }
}

/** Reads `[hits, window ms left, block ms left]` (a PTTL of -2 or -1 counts as none). */
function record(reply: unknown): ThrottlerStorageRecord {
  const [hits, windowLeft, blockLeft] = (reply as unknown[]).map(Number);
  return {
    totalHits: windowLeft > 0 ? hits : 0,
    timeToExpire: Math.max(0, Math.ceil(windowLeft / 1000)),
    isBlocked: blockLeft > 0,
    timeToBlockExpire: Math.max(0, Math.ceil(blockLeft / 1000)),
  };
}
