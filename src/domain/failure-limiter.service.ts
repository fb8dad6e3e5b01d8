import { Inject, Injectable } from '@nestjs/common';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { TooManyFailures } from '../exceptions/too-many-failures.exception.js';
import type { FailureLimit } from '../interfaces/brute-force-limits.interface.js';
import type {
  OAuth2ThrottlerStorage,
  ThrottlerStorageRecord,
} from '../interfaces/oauth2-throttler-storage.interface.js';
import { OAuth2Audit } from '../events/oauth2-audit.service.js';
import type { RateLimitedEvent } from '../events/oauth2-audit-event.js';
import { OAUTH2_THROTTLER_STORAGE, OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';

/** Stands for a request whose address the HTTP adapter did not report. */
const UNKNOWN_ADDRESS = 'unknown';

type Budget = 'clientPerAddress' | 'address' | 'ownerPerAddress' | 'owner';

/**
 * Brute-force limits on client and resource-owner authentication, in storage every instance shares. A request is
 * checked before its credentials (a right guess while blocked is refused too); only failures are counted.
 */
@Injectable()
export class FailureLimiter {
  constructor(
    @Inject(OAUTH2_THROTTLER_STORAGE) private readonly storage: OAuth2ThrottlerStorage,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
    private readonly audit: OAuth2Audit,
  ) {}

  /** Throws `TooManyFailures` while this client at this address, or this address, is blocked. */
  async checkClient(clientId: string, address = UNKNOWN_ADDRESS): Promise<void> {
    const [pair, source] = await this.read(
      ['clientPerAddress', clientId, address],
      ['address', address],
    );
    this.refuseIfBlocked({ subject: 'client', name: clientId, address }, pair, source);
  }

  /** Counts a failed client authentication; throws `TooManyFailures` when it used up a budget. */
  async clientFailed(clientId: string, address = UNKNOWN_ADDRESS): Promise<void> {
    const [pair, source] = await Promise.all([
      this.count('clientPerAddress', clientId, address),
      this.count('address', address),
    ]);
    this.refuseIfBlocked({ subject: 'client', name: clientId, address }, pair, source);
  }

  /**
   * Throws `TooManyFailures` while this user at this address is blocked, or while the user is blocked for all
   * addresses and this one has failed for them: an address that never guessed still gets through.
   */
  async checkOwner(username: string, address = UNKNOWN_ADDRESS): Promise<void> {
    const [pair, owner] = await this.read(
      ['ownerPerAddress', username, address],
      ['owner', username],
    );
    const owned = pair && pair.totalHits > 0 ? owner : undefined;
    this.refuseIfBlocked({ subject: 'resource_owner', name: username, address }, pair, owned);
  }

  /** Counts a wrong password; throws `TooManyFailures` when it used up a budget. */
  async ownerFailed(username: string, address = UNKNOWN_ADDRESS): Promise<void> {
    const [pair, owner] = await Promise.all([
      this.count('ownerPerAddress', username, address),
      this.count('owner', username),
    ]);
    this.refuseIfBlocked({ subject: 'resource_owner', name: username, address }, pair, owner);
  }

  /** Both budgets' records, in one read where the storage offers `getMany`. */
  private async read(
    ...budgets: [Budget, ...string[]][]
  ): Promise<(ThrottlerStorageRecord | undefined)[]> {
    if (!this.config.bruteForceLimits) return [];
    const keys = budgets.map(([budget, ...parts]) => ({
      key: parts.join('\0'),
      throttlerName: `oauth2:${budget}`,
    }));
    if (this.storage.getMany) return this.storage.getMany(keys);
    return Promise.all(keys.map(({ key, throttlerName }) => this.storage.get(key, throttlerName)));
  }

  private count(budget: Budget, ...parts: string[]): Promise<ThrottlerStorageRecord | undefined> {
    const limits = this.config.bruteForceLimits;
    if (!limits) return Promise.resolve(undefined);
    const { limit, windowSeconds, blockSeconds }: FailureLimit = limits[budget];
    return this.storage.increment(
      parts.join('\0'),
      windowSeconds * 1000,
      limit,
      blockSeconds * 1000,
      `oauth2:${budget}`,
    );
  }

  /** Throws `TooManyFailures` (and tells the audit log) when any of the records is blocked. */
  private refuseIfBlocked(
    who: Pick<RateLimitedEvent, 'subject' | 'name' | 'address'>,
    ...records: (ThrottlerStorageRecord | undefined)[]
  ): void {
    const blocked = records.filter((record) => record?.isBlocked);
    if (blocked.length === 0) return;
    const retryAfter = Math.max(1, ...blocked.map((record) => record!.timeToBlockExpire));
    this.audit.emit({ type: 'rate_limited', ...who, retryAfter });
    throw new TooManyFailures(retryAfter);
  }
}
