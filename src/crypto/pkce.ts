import { createHash } from 'node:crypto';
import { safeEqual } from './secrets.js';

/** PKCE transformation methods (RFC 7636 §4.2). */
export type CodeChallengeMethod = 'S256' | 'plain';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Whether `verifier` is well-formed and transforms to `challenge` under `method` (RFC 7636 §4.6). */
export function verifyCodeChallenge(
  verifier: string,
  challenge: string,
  method: CodeChallengeMethod,
): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const derived =
    method === 'S256'
      ? createHash('sha256').update(verifier, 'ascii').digest('base64url')
      : verifier;
  return safeEqual(derived, challenge);
}
