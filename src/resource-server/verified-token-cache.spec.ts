import { describe, expect, it } from '@jest/globals';
import type { AuthenticatedToken } from './authenticated-token.interface.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

const token = (expiresAt: number): AuthenticatedToken => ({
  id: null,
  clientId: 'c',
  userId: null,
  scopes: [],
  expiresAt,
  tokenType: 'bearer',
});

describe('VerifiedTokenCache', () => {
  it('keeps an entry until maxAge after it was stored', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAge: 60 });
    cache.set('a', token(10_000), 1000);
    expect(cache.get('a', 1059)).toBeDefined();
    expect(cache.get('a', 1060)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never past the token exp', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAge: 60 });
    cache.set('a', token(1010), 1000);
    expect(cache.get('a', 1009)).toBeDefined();
    expect(cache.get('a', 1010)).toBeUndefined();
  });

  it('drops the least recently used entry beyond maxEntries', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 2, maxAge: 60 });
    cache.set('a', token(2000), 1000);
    cache.set('b', token(2000), 1000);
    expect(cache.get('a', 1001)).toBeDefined();
    cache.set('c', token(2000), 1001);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 1002)).toBeUndefined();
    expect(cache.get('a', 1002)).toBeDefined();
    expect(cache.get('c', 1002)).toBeDefined();
  });

  it('holds at most maxEntries, and an entry used between insertions stays', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAge: 60 });
    cache.set('hot', token(5000), 1000);
    for (let i = 0; i < 100; i++) {
      cache.set(`t${i}`, token(5000), 1000);
      expect(cache.size).toBeLessThanOrEqual(10);
      expect(cache.get('hot', 1000)).toBeDefined();
    }
    expect(cache.get('t0', 1000)).toBeUndefined();
    expect(cache.get('t99', 1000)).toBeDefined();
  });

  it('holds one entry when maxEntries is 1', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 1, maxAge: 60 });
    cache.set('a', token(5000), 1000);
    cache.set('b', token(5000), 1000);
    expect(cache.size).toBe(1);
    expect(cache.get('a', 1000)).toBeUndefined();
    expect(cache.get('b', 1000)).toBeDefined();
  });
});
