/**
 * The JWS algorithms a client may sign a `private_key_jwt` assertion with: asymmetric only, so a public key can
 * never serve as an HMAC secret, and never `none`.
 */
export const CLIENT_ASSERTION_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** Largest registered or fetched client JWK Set, in bytes of JSON. */
export const MAX_CLIENT_JWKS_BYTES = 64 * 1024;

const MAX_CLIENT_KEYS = 50;
const ASYMMETRIC_KEY_TYPES: ReadonlySet<unknown> = new Set(['RSA', 'EC', 'OKP']);
/** Members only a private (or symmetric) JWK has (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/;

/**
 * The rule a client's JWK Set (RFC 7591 `jwks`) breaks, or undefined: a `{"keys":[...]}` object of 1 to 50 public
 * RSA, EC or OKP keys, none private or symmetric, none meant for encryption only, at most 64 KiB of JSON.
 */
export function jwksProblem(jwks: unknown): string | undefined {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (typeof jwks !== 'object' || jwks === null || Array.isArray(jwks) || !Array.isArray(keys)) {
    return 'A JWK Set is an object with a "keys" array (RFC 7517 §5)';
  }
  if (keys.length === 0 || keys.length > MAX_CLIENT_KEYS) {
    return `A client's JWK Set holds 1 to ${MAX_CLIENT_KEYS} keys`;
  }
  if (JSON.stringify(jwks).length > MAX_CLIENT_JWKS_BYTES) {
    return `A client's JWK Set is at most ${MAX_CLIENT_JWKS_BYTES} bytes of JSON`;
  }
  for (const key of keys as unknown[]) {
    if (typeof key !== 'object' || key === null || Array.isArray(key)) {
      return 'Each key of a JWK Set is a JSON object';
    }
    const jwk = key as Record<string, unknown>;
    if (!ASYMMETRIC_KEY_TYPES.has(jwk.kty)) {
      return 'Client keys are public RSA, EC or OKP keys (kty)';
    }
    if (PRIVATE_MEMBERS.some((member) => member in jwk)) {
      return 'A client JWK Set must hold public keys only: this one holds private key material';
    }
    if (jwk.use !== undefined && jwk.use !== 'sig') {
      return 'Client keys verify signatures: "use" must be "sig" when present';
    }
  }
  return undefined;
}

/**
 * The rule a client's `jwks_uri` breaks, or undefined: an absolute https URL without fragment or credentials, at most
 * 2048 characters; plain http only on a loopback host (local development and tests).
 */
export function jwksUriProblem(uri: string): string | undefined {
  const url = uri.length <= 2048 ? URL.parse(uri) : null;
  if (!url || url.href !== uri) {
    return 'A jwks_uri is an absolute URL of at most 2048 characters, written as the WHATWG parser does';
  }
  if (url.hash || url.username || url.password) {
    return 'A jwks_uri has no fragment and no credentials';
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname))
  ) {
    return 'A jwks_uri must use https (plain http only on a loopback host)';
  }
  return undefined;
}
