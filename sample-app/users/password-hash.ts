import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
) => Promise<Buffer>;

/** scrypt cost of new hashes: N = 2^15, r = 8, p = 1 (32 MiB, tens of milliseconds). */
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/;

/** Hashes a password as `scrypt$N$r$p$salt$hash` (salt: 16 random bytes; salt and hash base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, COST, KEY_LENGTH);
  const { N, r, p } = COST;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Whether `password` matches `stored`; compares in constant time, and a malformed `stored` never matches. */
export async function verifyPasswordHash(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (!match) return false;
  const [N, r, p] = [match[1], match[2], match[3]].map(Number);
  if (!isSaneCost(N, r, p)) return false;
  const expected = Buffer.from(match[5], 'base64url');
  if (expected.length < 16) return false;
  const actual = await derive(
    password,
    Buffer.from(match[4], 'base64url'),
    { N, r, p },
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

function derive(
  password: string,
  salt: Buffer,
  { N, r, p }: { N: number; r: number; p: number },
  keyLength: number,
): Promise<Buffer> {
  return scryptAsync(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem: 256 * N * r });
}

/** Bounds a stored cost so a tampered row cannot make a sign-in allocate gigabytes. */
function isSaneCost(N: number, r: number, p: number): boolean {
  return N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16;
}
