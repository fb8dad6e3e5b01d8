import { describe, expect, it } from '@jest/globals';
import { verifyCodeChallenge } from './pkce.js';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('verifyCodeChallenge', () => {
  it('accepts the RFC 7636 Appendix B S256 vector', () => {
    expect(verifyCodeChallenge(VERIFIER, CHALLENGE, 'S256')).toBe(true);
  });

  it('rejects another verifier', () => {
    expect(verifyCodeChallenge(VERIFIER.replace('d', 'e'), CHALLENGE, 'S256')).toBe(false);
  });

  it('compares plain verifiers directly', () => {
    expect(verifyCodeChallenge(VERIFIER, VERIFIER, 'plain')).toBe(true);
    expect(verifyCodeChallenge(VERIFIER, CHALLENGE, 'plain')).toBe(false);
  });

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['a plus sign', `${'a'.repeat(42)}+`],
    ['padding', `${'a'.repeat(42)}=`],
  ])('rejects a verifier with %s', (_name, verifier) => {
    expect(verifyCodeChallenge(verifier, verifier, 'plain')).toBe(false);
  });
});
