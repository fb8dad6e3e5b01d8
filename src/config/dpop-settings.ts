import type { DPoPOptions } from '../interfaces/dpop-options.interface.js';

/** The asymmetric JWS algorithms `jose` verifies; proofs never use a shared secret, nor `none`. */
export const DPOP_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
] as const;

/** DPoP settings after validation, with defaults applied. */
export interface DPoPSettings {
  readonly algorithms: readonly string[];
  readonly proofMaxAge: number;
  readonly nonce: { readonly secret: string; readonly lifetime: number } | undefined;
}

const DEFAULT_ALGORITHMS = ['ES256', 'EdDSA', 'Ed25519', 'PS256', 'RS256'];

/**
 * Validates DPoP options (`true` or `{}`: the defaults); throws naming every problem, as the option schemas do.
 * `owner` names the module in the message.
 */
export function resolveDPoPSettings(options: DPoPOptions | true, owner: string): DPoPSettings {
  const given: DPoPOptions = options === true ? {} : options;
  const problems: string[] = [];
  const algorithms = given.algorithms ?? DEFAULT_ALGORITHMS;
  if (
    !Array.isArray(algorithms) ||
    algorithms.length === 0 ||
    !algorithms.every((alg) => (DPOP_ALGORITHMS as readonly string[]).includes(alg))
  ) {
    problems.push(`dpop.algorithms must be a non-empty list of ${DPOP_ALGORITHMS.join(', ')}`);
  }
  const proofMaxAge = given.proofMaxAge ?? 60;
  if (!Number.isInteger(proofMaxAge) || proofMaxAge < 1 || proofMaxAge > 3600) {
    problems.push('dpop.proofMaxAge must be whole seconds from 1 to 3600');
  }
  const lifetime = given.nonce?.lifetime ?? 300;
  if (given.nonce !== undefined) {
    if (typeof given.nonce.secret !== 'string' || given.nonce.secret.length < 32) {
      problems.push('dpop.nonce.secret must be a string of at least 32 characters');
    }
    if (!Number.isInteger(lifetime) || lifetime < 1) {
      problems.push('dpop.nonce.lifetime must be positive whole seconds');
    }
  }
  if (problems.length) throw new Error(`Invalid ${owner} options: ${problems.join('; ')}`);
  return {
    algorithms: [...algorithms],
    proofMaxAge,
    nonce: given.nonce && { secret: given.nonce.secret, lifetime },
  };
}
