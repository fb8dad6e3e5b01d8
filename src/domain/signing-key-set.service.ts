import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';
import type { ResolvedSigningKey } from '../config/access-token-signing.js';
import type { DatabaseKeySettings } from '../config/database-signing-keys.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import type { AccessTokenSigningAlg } from '../interfaces/signing-key.interface.js';
import { OAUTH2_CLOCK, OAUTH2_TOKEN_CONFIG, type OAuth2Clock } from '../oauth2-token.constants.js';
import { SigningKeyStore } from '../persistence/signing-key.store.js';
import {
  generateSigningKey,
  loadSigningKey,
  type LoadedSigningKey,
} from './signing-key.factory.js';

/** The keys as last read from the database, and when (clock milliseconds). */
interface Snapshot {
  readonly keys: readonly LoadedSigningKey[];
  readonly readAt: number;
}

/**
 * The registration's current signing keys: the one that signs now, and the public keys to publish. Keys the app
 * supplies never change; keys kept in the database are read at startup (creating the first one on an empty table)
 * and again every `reloadIntervalSeconds`, so each instance sees a rotation made elsewhere within that time. A key
 * is published from its creation and signs from its `signsFrom`, which lies at least two reloads later: no
 * instance signs with a key that another does not publish yet.
 */
@Injectable()
export class SigningKeySet implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('OAuth2Token');
  private readonly now: OAuth2Clock;
  private snapshot?: Snapshot;
  private reading?: Promise<Snapshot>;
  private timer?: ReturnType<typeof setInterval>;
  private configuredJwks?: Promise<JWK[]>;

  constructor(
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
    private readonly store: SigningKeyStore,
    @Optional() @Inject(OAUTH2_CLOCK) clock?: OAuth2Clock,
  ) {
    this.now = clock ?? Date.now;
  }

  /** With database keys on an open database: reads them (a wrong encryption key fails the startup here). */
  async onModuleInit(): Promise<void> {
    const database = this.database;
    if (!database) return;
    if (this.store.ready) await this.reload();
    this.timer = setInterval(() => {
      // A database still opening in the background is read on first use instead.
      if (!this.store.ready) return;
      this.reload().catch((error: unknown) =>
        this.logger.warn(`Signing keys not reloaded: ${(error as Error).message}`),
      );
    }, database.reloadIntervalSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The key that signs now: the first configured one, or the newest database key whose signing has begun. */
  async signingKey(): Promise<ResolvedSigningKey> {
    if (!this.database) return this.configuredKeys()[0];
    const { keys } = await this.current();
    const now = this.now() / 1000;
    // An instance whose clock runs behind the first key's creator's still signs with that (published) key.
    const { row, privateKey } = keys.findLast(({ row }) => row.signsFrom <= now) ?? keys[0];
    return { kid: row.kid, alg: row.alg as AccessTokenSigningAlg, key: privateKey };
  }

  /** The public JWKs to publish (`kid`, `alg`, `use: sig`, no private member): every key still needed. */
  async publishedKeys(): Promise<JWK[]> {
    if (!this.database) return this.configuredPublicKeys();
    const { keys } = await this.current();
    const now = this.now() / 1000;
    return keys
      .filter(({ row }) => row.publishedUntil === null || row.publishedUntil > now)
      .map(({ row, publicJwk }) => ({ ...publicJwk, kid: row.kid, alg: row.alg, use: 'sig' }));
  }

  /**
   * Reads the database keys again now, creating the first one when there is none; fails when one cannot be
   * decrypted. Nothing to do for keys the app supplies. An app that opens its database after startup calls it
   * once the database is open, to fail then rather than on the first token.
   */
  async reload(): Promise<void> {
    if (this.database) await this.read();
  }

  private get database(): DatabaseKeySettings | undefined {
    return this.config.jwt?.database;
  }

  /** The last snapshot while it is at most two reloads old; else a fresh one (the timer may have failed). */
  private async current(): Promise<Snapshot> {
    const staleAfter = 2 * this.database!.reloadIntervalSeconds * 1000;
    const snapshot = this.snapshot;
    if (snapshot && this.now() - snapshot.readAt <= staleAfter) return snapshot;
    return this.read();
  }

  /** One read at a time; concurrent callers share it. */
  private read(): Promise<Snapshot> {
    this.reading ??= this.readOnce().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readOnce(): Promise<Snapshot> {
    const settings = this.database!;
    const readAt = this.now();
    let rows = await this.store.all();
    if (rows.length === 0) {
      const now = Math.floor(readAt / 1000);
      // The first key signs at once: no token exists that a resource server could check against an older set.
      const first = await generateSigningKey(settings, {
        generation: 1,
        createdAt: now,
        signsFrom: now,
      });
      await this.store.addGeneration(first); // false: another instance created it first; read theirs.
      rows = await this.store.all();
    }
    const known = new Map(this.snapshot?.keys.map((key) => [key.row.kid, key]));
    const keys = await Promise.all(
      rows.map(async (row) => {
        const loaded = known.get(row.kid);
        return loaded ? { ...loaded, row } : loadSigningKey(row, settings);
      }),
    );
    this.snapshot = { keys, readAt };
    return this.snapshot;
  }

  private configuredKeys(): readonly ResolvedSigningKey[] {
    const keys = this.config.jwt?.keys;
    if (!keys?.length) throw new Error('This registration has no signingKeys');
    return keys;
  }

  private configuredPublicKeys(): Promise<JWK[]> {
    this.configuredJwks ??= Promise.all(
      (this.config.jwt?.keys ?? []).map(async ({ kid, alg, key }) => ({
        ...(await exportJWK(createPublicKey(key))),
        kid,
        alg,
        use: 'sig',
      })),
    );
    return this.configuredJwks;
  }
}
