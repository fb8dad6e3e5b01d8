import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DatabaseKeySettings } from '../config/database-signing-keys.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import type { SigningKey } from '../entities/signing-key.entity.js';
import { OAUTH2_CLOCK, OAUTH2_TOKEN_CONFIG, type OAuth2Clock } from '../oauth2-token.constants.js';
import { SigningKeyStore, type Retirement } from '../persistence/signing-key.store.js';
import { generateSigningKey } from './signing-key.factory.js';
import { SigningKeySet } from './signing-key-set.service.js';

/** Seconds a retired key stays published beyond its last token's expiry: clocks of instances differ a little. */
export const RETIRED_KEY_MARGIN_SECONDS = 60;

/** Where a key stands: published but not signing yet, signing, or retired (published until its tokens expired). */
export type SigningKeyState = 'next' | 'signing' | 'retired';

/** One signing key as `SigningKeyRotation` reports it; no key material. */
export interface SigningKeyInfo {
  kid: string;
  alg: string;
  generation: number;
  state: SigningKeyState;
  createdAt: Date;
  /** When it starts (started) signing. */
  signsFrom: Date;
  /** When the next key takes over; null while it is the newest. */
  retiredAt: Date | null;
  /** When it leaves the JWKS (its last token has expired); null while it is the newest. */
  publishedUntil: Date | null;
}

/**
 * Rotates the signing keys kept in the database without downtime: the new key is published at once and signs only
 * after `publishDelaySeconds`; the previous one signs until then and stays published until the last token it
 * signed has expired (the longest access-token lifetime, a client's own included, plus a minute).
 * `TokenHousekeeping.purgeExpired` deletes it after that.
 */
@Injectable()
export class SigningKeyRotation {
  private readonly now: OAuth2Clock;

  constructor(
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
    private readonly store: SigningKeyStore,
    private readonly keySet: SigningKeySet,
    @Optional() @Inject(OAUTH2_CLOCK) clock?: OAuth2Clock,
  ) {
    this.now = clock ?? Date.now;
  }

  /** Creates the next key and schedules the switch to it; the new key. Safe while other instances serve. */
  async rotate(): Promise<SigningKeyInfo> {
    const settings = this.settings();
    // Two rotations at once both pick the same next generation: one is stored, the other tries again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const keys = await this.store.all();
      const newest = keys.at(-1);
      const now = this.seconds();
      const signsFrom = newest ? now + settings.publishDelaySeconds : now;
      const key = await generateSigningKey(settings, {
        generation: (newest?.generation ?? 0) + 1,
        createdAt: now,
        signsFrom,
      });
      const retirement: Retirement | undefined = newest && {
        kid: newest.kid,
        retiredAt: signsFrom,
        publishedUntil: signsFrom + (await this.longestLifetime()) + RETIRED_KEY_MARGIN_SECONDS,
      };
      if (await this.store.addGeneration(key, retirement)) {
        await this.keySet.reload();
        return this.describe(key, now);
      }
    }
    throw new Error('Signing keys were rotated concurrently elsewhere; list them and rotate again');
  }

  /** Every key in the database, oldest first. */
  async list(): Promise<SigningKeyInfo[]> {
    this.settings();
    const now = this.seconds();
    return (await this.store.all()).map((key) => this.describe(key, now));
  }

  private describe(key: SigningKey, now: number): SigningKeyInfo {
    const state: SigningKeyState =
      key.signsFrom > now
        ? 'next'
        : key.retiredAt !== null && key.retiredAt <= now
          ? 'retired'
          : 'signing';
    const date = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000));
    return {
      kid: key.kid,
      alg: key.alg,
      generation: key.generation,
      state,
      createdAt: date(key.createdAt)!,
      signsFrom: date(key.signsFrom)!,
      retiredAt: date(key.retiredAt),
      publishedUntil: date(key.publishedUntil),
    };
  }

  private async longestLifetime(): Promise<number> {
    const clients = await this.store.longestClientLifetime();
    return Math.max(this.config.accessTokenExpiresIn, clients ?? 0);
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private settings(): DatabaseKeySettings {
    const settings = this.config.jwt?.database;
    if (!settings) {
      throw new Error(
        "Signing keys are rotated by the library only with signingKeys: { source: 'database' }",
      );
    }
    return settings;
  }
}
