/** Token-request parameters: each present at most once, none empty (an empty value counts as absent). */
export type TokenRequestParams = Readonly<Record<string, string | undefined>>;

/** What the token endpoint received: the form parameters and the Authorization header. */
export interface TokenRequest {
  params: TokenRequestParams;
  authorization?: string;
  /** The client's network address as the HTTP adapter reports it (its trust-proxy setting applies). */
  address?: string;
  /** The `DPoP` header (RFC 9449), as received: a proof to bind the tokens to its key. */
  dpop?: string | string[];
  /**
   * The URL the request was sent to, as the HTTP adapter sees it (scheme, `Host`, path): a proof's `htu`. Set only
   * with `dpop`.
   */
  url?: string;
}
