import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { generateSecret, hashSecret, safeEqual } from './secrets.js';

describe('secrets', () => {
  it('generates 256-bit base64url values that differ', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
  });

  it('keeps drawing distinct values past a refill of its random pool', () => {
    const values = Array.from({ length: 300 }, generateSecret);
    expect(new Set(values).size).toBe(300);
    for (const value of values) expect(Buffer.from(value, 'base64url')).toHaveLength(32);
  });

  it('hashes with SHA-256 in base64url', () => {
    expect(hashSecret('abc')).toBe(createHash('sha256').update('abc').digest('base64url'));
  });

  it('compares strings of any lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
  });
});
