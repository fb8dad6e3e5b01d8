/** Token-request parameters: each present at most once, none empty (an empty value counts as absent). */
export type TokenRequestParams = Readonly<Record<string, string | undefined>>;

/** What the token endpoint received: the form parameters and the Authorization header. */
export interface TokenRequest {
  params: TokenRequestParams;
  authorization?: string;
  /** The client's network address as the HTTP adapter reports it (its trust-proxy setting applies). */
  address?: string;
}
