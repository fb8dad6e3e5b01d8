/**
 * Single-use proofs for a load whose request headers are built synchronously (autocannon's `setupRequest`), while
 * `jose` signs asynchronously: `take()` hands out a signed proof and starts signing its replacement, so the pool stays
 * full as long as signing (on libuv's threads) keeps up with the server, which does more per request than one
 * signature. `refill()` before each run replaces proofs that aged while idle (the server accepts `iat` within 60 s).
 * Should the pool ever run dry, `take()` repeats the last proof: the server refuses the replay, and the run's
 * non-2xx count shows it.
 */
export class DPoPProofPool {
  private proofs: string[] = [];
  private last = '';

  constructor(
    private readonly sign: () => Promise<string>,
    private readonly size: number,
  ) {}

  async refill(): Promise<void> {
    const fresh = await Promise.all(Array.from({ length: this.size }, () => this.sign()));
    this.proofs = fresh;
  }

  take(): string {
    const proof = this.proofs.shift();
    void this.sign().then((next) => this.proofs.push(next));
    if (proof !== undefined) this.last = proof;
    return this.last;
  }
}
