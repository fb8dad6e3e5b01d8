import { describe, expect, it } from '@jest/globals';
import { timeOrderedId } from './time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  it('is a version 7 UUID holding the time in milliseconds (RFC 9562 §5.7)', () => {
    const id = timeOrderedId(Date.UTC(2026, 11, 1));
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace('-', '').slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 1));
  });

  it('sorts ids of later milliseconds after earlier ones, and never repeats', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => timeOrderedId(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    const same = Array.from({ length: 1000 }, () => timeOrderedId(1_700_000_000_000));
    expect(new Set(same).size).toBe(1000);
    for (const id of same) expect(id).toMatch(UUID_V7);
  });
});
