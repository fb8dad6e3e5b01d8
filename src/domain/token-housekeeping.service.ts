import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  MIN_MAC_NONCE_PURGE_AGE,
  OAUTH2_CLOCK,
  type OAuth2Clock,
} from '../oauth2-token.constants.js';
import { CodeStore } from '../persistence/code.store.js';
import { MacNonceStore } from '../persistence/mac-nonce.store.js';
import { SigningKeyStore } from '../persistence/signing-key.store.js';
import { TokenStore } from '../persistence/token.store.js';
import { UsedJtiStore } from '../persistence/used-jti.store.js';

/** How many rows of each kind `purgeExpired` deleted. */
export interface PurgeResult {
  codes: number;
  tokens: number;
  macNonces: number;
  /** Single-use JWT ids (DPoP proofs, client assertions) whose JWTs have expired. */
  usedJtis: number;
  /** Signing keys whose last token has expired (`SigningKeyRotation`), no longer published. */
  signingKeys: number;
}

/** What `purgeExpired` may delete. */
export interface PurgeOptions {
  /** Rows per DELETE statement, so each stays short while the app serves. @default 1000 */
  batchSize?: number;
  /**
   * MAC nonces older than this many seconds. Never less than 365 (the longest `macNonceWindow`, 300, + 5 s + a
   * minute of clock difference), whatever is given: a younger nonce could still be replayed once deleted.
   * @default 600
   */
  macNonceAge?: number;
}

/**
 * Deletes what can never be used again: expired codes, tokens whose access and refresh lifetimes are both over,
 * MAC nonces older than any acceptable nonce age, the single-use JWT ids of expired JWTs, and retired signing keys no
 * longer published. Works in bounded batches; safe to run while serving.
 */
@Injectable()
export class TokenHousekeeping {
  constructor(
    private readonly tokens: TokenStore,
    private readonly codes: CodeStore,
    private readonly macNonces: MacNonceStore,
    private readonly usedJtis: UsedJtiStore,
    private readonly signingKeys: SigningKeyStore,
    @Optional() @Inject(OAUTH2_CLOCK) private readonly clock: OAuth2Clock = Date.now,
  ) {}

  async purgeExpired({
    batchSize = 1000,
    macNonceAge = 600,
  }: PurgeOptions = {}): Promise<PurgeResult> {
    const now = Math.floor(this.clock() / 1000);
    // Tied to the longest window the resource server accepts, which may run in another process with other options.
    const nonceAge = Math.max(macNonceAge, MIN_MAC_NONCE_PURGE_AGE);
    const macNonces = await this.macNonces.deleteRecordedBefore(now - nonceAge, batchSize);
    const tokens = await this.tokens.deleteExpired(now, batchSize);
    const codes = await this.codes.deleteExpired(now, batchSize);
    const usedJtis = await this.usedJtis.deleteExpired(now, batchSize);
    const signingKeys = await this.signingKeys.deleteUnpublished(now);
    return { codes, tokens, macNonces, usedJtis, signingKeys };
  }
}
