import { hash, randomFillSync, timingSafeEqual } from 'node:crypto';

const SECRET_BYTES = 32;
/**
 * Random bytes are drawn from the CSPRNG 128 secrets at a time, as Node.js does for `randomUUID`: one
 * `randomFillSync` costs about as much for 4 KiB as for 32 bytes, and each secret's bytes are zeroed once taken.
 */
const pool = Buffer.alloc(SECRET_BYTES * 128);
let taken = pool.length;

/** A new secret value (token, refresh token, code, client secret): 256 random bits, base64url. */
export function generateSecret(): string {
  if (taken === pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  const secret = pool.toString('base64url', taken, taken + SECRET_BYTES);
  pool.fill(0, taken, taken + SECRET_BYTES);
  taken += SECRET_BYTES;
  return secret;
}

/** The form in which secrets are stored: SHA-256, base64url (43 characters). */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'base64url');
}

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // Compare equal lengths always, so the length check leaks nothing about the contents.
  return (
    timingSafeEqual(left, left.length === right.length ? right : left) &&
    left.length === right.length
  );
}
