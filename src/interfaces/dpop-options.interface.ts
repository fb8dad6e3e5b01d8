/** DPoP (RFC 9449) settings of a token endpoint or a resource server. */
export interface DPoPOptions {
  /**
   * JWS algorithms accepted for DPoP proofs, advertised as `dpop_signing_alg_values_supported` (token endpoint) or
   * in the `algs` of the `DPoP` challenge (resource server). Asymmetric ones only.
   * @default ['ES256', 'EdDSA', 'Ed25519', 'PS256', 'RS256']
   */
  algorithms?: readonly string[];
  /**
   * How far, in seconds, a proof's `iat` may lie from the server's clock, either way; each proof's `jti` is then
   * remembered (in `oauth2_used_jti`) that long after its `iat`.
   * @default 60
   */
  proofMaxAge?: number;
  /**
   * Server-provided nonces (RFC 9449 §8, §9): a proof must carry a `nonce` this server issued within `lifetime`
   * seconds, else the answer is `use_dpop_nonce` with a fresh `DPoP-Nonce` header. Nonces are an HMAC of their
   * issue time under `secret` (at least 32 characters), so every instance that shares the secret accepts them.
   * @default undefined (no nonces)
   */
  nonce?: { secret: string; lifetime?: number };
}
