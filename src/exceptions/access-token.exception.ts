/** Base class of the token endpoint's errors: an RFC 6749 §5.2 error code, its HTTP status and description. */
export class AccessTokenException extends Error {
  /** The RFC 6749 `error` code. */
  readonly error: string = 'invalid_request';
  /** HTTP status of the error response. */
  readonly status: number = 400;
  /** Extra response headers, e.g. `WWW-Authenticate`. */
  readonly headers: Record<string, string> = {};

  constructor(description?: string) {
    super(description);
    this.name = new.target.name;
  }

  /** The `error_description` sent to the client: fixed text only, never raw input. */
  get description(): string {
    return this.message;
  }
}
