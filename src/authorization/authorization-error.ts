/** RFC 6749 §4.1.2.1 error codes of the authorization endpoint. */
export type AuthorizationErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'server_error'
  | 'temporarily_unavailable';

/**
 * A refused authorization request. With a `redirectUri` the error goes back to the client (`Authorizer.errorRedirect`);
 * without one (unknown client, unregistered redirect URI) it must be shown to the user, never redirected.
 */
export class AuthorizationError extends Error {
  constructor(
    readonly error: AuthorizationErrorCode,
    description: string,
    /** Where the error may be sent; undefined when the redirect URI itself is not trustworthy. */
    readonly redirectUri?: string,
    readonly state?: string,
  ) {
    super(description);
    this.name = 'AuthorizationError';
  }
}
