import { createHash, randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';

/** The load generator's DPoP key (ES256, what clients such as oauth4webapi use by default). */
export interface BenchDPoPKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  jkt: string;
}

export async function benchDPoPKey(): Promise<BenchDPoPKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

/** A DPoP proof (RFC 9449 §4.2) for `htm` `htu`, with a new `jti`, the current `iat`, and `ath` when given a token. */
export function dpopProof(
  key: BenchDPoPKey,
  htm: string,
  htu: string,
  accessToken?: string,
): Promise<string> {
  return new SignJWT({
    htm,
    htu,
    iat: Math.floor(Date.now() / 1000),
    jti: randomUUID(),
    ...(accessToken && { ath: createHash('sha256').update(accessToken).digest('base64url') }),
  })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk })
    .sign(key.privateKey);
}

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
