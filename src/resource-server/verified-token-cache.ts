import type { AuthenticatedToken } from './authenticated-token.interface.js';

/**
 * Verified JWT access tokens by the SHA-256 of the token, each kept until its `exp` or `maxAge` seconds after it was
 * verified, whichever comes first; beyond `maxEntries`, the least recently used is dropped (a Map keeps insertion
 * order: a hit moves its entry to the end).
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { token: AuthenticatedToken; until: number }>();

  constructor(private readonly limits: { maxEntries: number; maxAge: number }) {}

  /** The token cached under `hash`, if still fresh at `now` (UNIX seconds). */
  get(hash: string, now: number): AuthenticatedToken | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    this.entries.delete(hash);
    if (entry.until <= now) return undefined;
    this.entries.set(hash, entry);
    return entry.token;
  }

  /** Keeps `token` (verified at `now`) under `hash`. */
  set(hash: string, token: AuthenticatedToken, now: number): void {
    this.entries.delete(hash);
    this.entries.set(hash, { token, until: Math.min(token.expiresAt, now + this.limits.maxAge) });
    if (this.entries.size > this.limits.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
