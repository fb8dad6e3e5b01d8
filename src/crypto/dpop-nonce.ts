import { createHmac } from 'node:crypto';
import { safeEqual } from './secrets.js';

/** Seconds a nonce's issue time may lie ahead of this instance's clock (instances' clocks differ a little). */
const NONCE_LEAD = 5;

/**
 * A DPoP nonce (RFC 9449 §8): its issue time and an HMAC of it under `secret`, so that any instance holding the
 * secret can check it without shared state. Opaque to clients.
 */
export function issueDPoPNonce(secret: string, now: number): string {
  const time = now.toString(36);
  return `${time}.${mac(secret, time)}`;
}

/** Whether `nonce` was issued under `secret` no more than `lifetime` seconds before `now`. */
export function isFreshDPoPNonce(
  secret: string,
  nonce: unknown,
  now: number,
  lifetime: number,
): boolean {
  if (typeof nonce !== 'string') return false;
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(nonce);
  if (!match || !safeEqual(mac(secret, match[1]), match[2])) return false;
  const issuedAt = parseInt(match[1], 36);
  return issuedAt <= now + NONCE_LEAD && now - issuedAt <= lifetime;
}

function mac(secret: string, time: string): string {
  return createHmac('sha256', secret).update(`dpop-nonce:${time}`).digest('base64url');
}
