/** Why a resource request was refused (RFC 6750 §3.1); the guard turns it into a status and a challenge. */
export class ResourceAccessError extends Error {
  /** RFC 6750 error code; none when the request carried no credentials (§3.1). */
  readonly error: string | undefined = undefined;
  readonly status: number = 401;
  /** The scheme the client used, whose challenge answers it; undefined for every accepted scheme. */
  scheme?: 'bearer' | 'mac' | 'dpop';
  /** Response headers besides the challenge (`DPoP-Nonce`). */
  readonly headers: Record<string, string> = {};

  constructor(description: string) {
    super(description);
    this.name = new.target.name;
  }
}

/** The request has no access token: 401 with a bare challenge. */
export class MissingToken extends ResourceAccessError {}

/** Unknown, expired, revoked or wrongly signed token, or a replayed nonce: 401 `invalid_token`. */
export class InvalidToken extends ResourceAccessError {
  override readonly error = 'invalid_token';
}

/** Malformed request, or a token in more than one place: 400 `invalid_request`. */
export class InvalidTokenRequest extends ResourceAccessError {
  override readonly error = 'invalid_request';
  override readonly status: number = 400;
}

/** A body to hash for a MAC `bodyhash` is over `maxBodyBytes`: 413 `invalid_request`, as the token endpoint answers. */
export class RequestBodyTooLarge extends InvalidTokenRequest {
  override readonly status: number = 413;
}

/** The token lacks a scope the resource requires: 403 `insufficient_scope`. */
export class InsufficientScope extends ResourceAccessError {
  override readonly error = 'insufficient_scope';
  override readonly status: number = 403;

  constructor(readonly requiredScope: string[]) {
    super('The access token does not grant the required scope');
  }
}

/** The DPoP proof is missing, malformed, wrongly signed, stale, replayed or for another request (RFC 9449 §7.1). */
export class InvalidDPoPProofError extends ResourceAccessError {
  override readonly error = 'invalid_dpop_proof';
  override scheme = 'dpop' as const;
}

/** The DPoP proof lacks a current nonce of this resource server (RFC 9449 §9): 401 with a fresh `DPoP-Nonce`. */
export class DPoPNonceRequired extends ResourceAccessError {
  override readonly error = 'use_dpop_nonce';
  override scheme = 'dpop' as const;

  constructor(readonly nonce: string) {
    super('The DPoP proof must carry the nonce this server provides');
    this.headers['DPoP-Nonce'] = nonce;
  }
}

/** The keys of JWT access tokens could not be fetched (the JWKS endpoint is down or answered badly): 503. */
export class AccessTokenKeysUnavailable extends Error {
  constructor(options?: ErrorOptions) {
    super('The access token signing keys are unavailable', options);
    this.name = new.target.name;
  }
}
