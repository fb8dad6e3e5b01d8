import type { AuthenticatedToken } from './authenticated-token.interface.js';

interface Entry {
  token: AuthenticatedToken;
  /** UNIX seconds after which the entry is not used. */
  until: number;
}

/**
 * Verified JWT access tokens by the SHA-256 of the token, each kept until its `exp` or `maxAge` seconds after it was
 * verified, whichever comes first; at most `maxEntries`. Entries live in two generations of half that size: new and
 * reused entries go to the recent one, and when it is full it becomes the older one, whose unused entries are then
 * dropped together. Least recently used entries thus leave first, without the reordering a strict LRU does on every
 * hit (a Map delete and insert, which costs microseconds once the Map is large).
 */
export class VerifiedTokenCache {
  private recent = new Map<string, Entry>();
  private older = new Map<string, Entry>();
  private readonly generationSize: number;

  constructor(private readonly limits: { maxEntries: number; maxAge: number }) {
    this.generationSize = Math.max(1, Math.floor(limits.maxEntries / 2));
  }

  /** The token cached under `hash`, if still fresh at `now` (UNIX seconds). */
  get(hash: string, now: number): AuthenticatedToken | undefined {
    let entry = this.recent.get(hash);
    if (entry === undefined) {
      entry = this.older.get(hash);
      if (entry === undefined) return undefined;
      this.older.delete(hash);
      if (entry.until > now) this.add(hash, entry);
    }
    if (entry.until > now) return entry.token;
    this.recent.delete(hash);
    return undefined;
  }

  /** Keeps `token` (verified at `now`) under `hash`. */
  set(hash: string, token: AuthenticatedToken, now: number): void {
    this.older.delete(hash);
    this.add(hash, { token, until: Math.min(token.expiresAt, now + this.limits.maxAge) });
  }

  get size(): number {
    return this.recent.size + this.older.size;
  }

  private add(hash: string, entry: Entry): void {
    if (this.recent.size >= this.generationSize && !this.recent.has(hash)) {
      // With room for one entry only there is no older generation to keep.
      this.older = this.limits.maxEntries > 1 ? this.recent : new Map();
      this.recent = new Map();
    }
    this.recent.set(hash, entry);
  }
}
