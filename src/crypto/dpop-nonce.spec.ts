import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isFreshDPoPNonce, issueDPoPNonce } from './dpop-nonce.js';

const SECRET = 'a nonce secret of at least 32 characters';
const NOW = 1_800_000_000;

describe('DPoP nonces', () => {
  it('accepts its own nonce within the lifetime, and not after', () => {
    const nonce = issueDPoPNonce(SECRET, NOW);
    expect(isFreshDPoPNonce(SECRET, nonce, NOW, 300)).toBe(true);
    expect(isFreshDPoPNonce(SECRET, nonce, NOW + 300, 300)).toBe(true);
    expect(isFreshDPoPNonce(SECRET, nonce, NOW + 301, 300)).toBe(false);
  });

  it('accepts a nonce another instance issued a few seconds ahead, not one far in the future', () => {
    expect(isFreshDPoPNonce(SECRET, issueDPoPNonce(SECRET, NOW + 5), NOW, 300)).toBe(true);
    expect(isFreshDPoPNonce(SECRET, issueDPoPNonce(SECRET, NOW + 60), NOW, 300)).toBe(false);
  });

  it('refuses a nonce issued under another secret', () => {
    const nonce = issueDPoPNonce(`${SECRET}!`, NOW);
    expect(isFreshDPoPNonce(SECRET, nonce, NOW, 300)).toBe(false);
  });

  it('refuses anything it did not issue (property)', () => {
    const issued = issueDPoPNonce(SECRET, NOW);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (candidate) => {
        fc.pre(candidate !== issued);
        expect(isFreshDPoPNonce(SECRET, candidate, NOW, 300)).toBe(false);
      }),
    );
  });

  it('refuses a nonce whose time was changed under the same MAC', () => {
    const [time, mac] = issueDPoPNonce(SECRET, NOW).split('.');
    const moved = (parseInt(time, 36) + 1).toString(36);
    expect(isFreshDPoPNonce(SECRET, `${moved}.${mac}`, NOW, 300)).toBe(false);
  });
});
