import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret value (token, refresh token, code, client secret): 256 random bits, base64url. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The form in which secrets are stored: SHA-256, base64url (43 characters). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
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
