/** What Express and Fastify requests both offer to rebuild the URL a request was sent to. */
export interface UrlRequestLike {
  /** `http` or `https`, as the adapter decides it (its trust-proxy setting applies). */
  protocol?: string;
  /** The `Host` header, port included (`X-Forwarded-Host` where the adapter trusts the proxy). */
  host?: string;
  headers: { host?: string };
  originalUrl?: string;
  url?: string;
}

/**
 * The absolute URL of the request as the HTTP adapter sees it, e.g. `https://auth.example/oauth2/token?x`: behind a
 * proxy it is right only when the adapter trusts the proxy's `X-Forwarded-*` headers.
 */
export function requestUrl(request: UrlRequestLike): string {
  const protocol = request.protocol === 'https' ? 'https' : 'http';
  const host = request.host || request.headers.host || 'localhost';
  return `${protocol}://${host}${request.originalUrl ?? request.url ?? '/'}`;
}
