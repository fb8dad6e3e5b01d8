/** Why a resource request was refused (RFC 6750 §3.1); the guard turns it into a status and a challenge. */
export class ResourceAccessError extends Error {
  /** RFC 6750 error code; none when the request carried no credentials (§3.1). */
  readonly error: string | undefined = undefined;
  readonly status: number = 401;
  /** The scheme the client used, whose challenge answers it; undefined for every accepted scheme. */
  scheme?: 'bearer' | 'mac';

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

/** The keys of JWT access tokens could not be fetched (the JWKS endpoint is down or answered badly): 503. */
export class AccessTokenKeysUnavailable extends Error {
  constructor(options?: ErrorOptions) {
    super('The access token signing keys are unavailable', options);
    this.name = new.target.name;
  }
}
