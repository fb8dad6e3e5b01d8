import type { AuthorizeCase, AuthorizeClients } from './authorize-cases.js';
import type { RawHttpResult } from './raw-http.js';

/** The errors an authorization error redirect may carry (RFC 6749 §4.1.2.1). */
const REDIRECT_ERRORS = [
  'invalid_request',
  'unauthorized_client',
  'unsupported_response_type',
  'invalid_scope',
];

function fail(message: string): never {
  throw new Error(message);
}

/** The query's values by name, decoded as the sample decodes them (URLSearchParams). */
function paramsOf(query: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [name, value] of new URL(`/?${query}`, 'http://localhost').searchParams) {
    params.set(name, [...(params.get(name) ?? []), value]);
  }
  return params;
}

/**
 * The one redirect URI an answer may send the user to: the request names exactly one registered client, and exactly
 * one `redirect_uri` registered for it (or none, when the client has exactly one). Undefined otherwise.
 */
function trustedRedirect(c: AuthorizeCase, clients: AuthorizeClients): string | undefined {
  const params = paramsOf(c.query);
  const ids = params.get('client_id') ?? [];
  const client = Object.values(clients).find(
    (candidate) => ids.length === 1 && candidate.clientId === ids[0],
  );
  if (!client) return undefined;
  const sent = params.get('redirect_uri') ?? [];
  if (sent.length > 1) return undefined;
  const uri = sent[0] || (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  return uri && client.redirectUris.includes(uri) ? uri : undefined;
}

/**
 * Checks an answer of the sample's authorization page: never silence or a 5xx; GET and HEAD get the consent page
 * (200, HTML, never cached or framed), an error page (400), or a 302 to the request's own registered redirect URI
 * carrying only `error`, `error_description`, `state` and `iss` (never a code, never another URI); a POST without its
 * CSRF token is refused (403, or 400/413 for an unreadable form); other methods are not routed (404).
 */
export function checkAuthorizeAnswer(
  c: AuthorizeCase,
  res: RawHttpResult,
  clients: AuthorizeClients,
): string {
  if (res.closed) fail('the connection closed without a response');
  if (res.status >= 500) fail(`answered ${res.status}: ${res.text.slice(0, 300)}`);
  const header = (name: string) => res.headers[name]?.join(', ');
  if (c.method === 'POST') {
    if (![400, 403, 413].includes(res.status)) fail(`POST answered ${res.status}`);
    return `POST ${res.status}`;
  }
  if (c.method !== 'GET' && c.method !== 'HEAD') {
    if (res.status !== 404) fail(`${c.method} answered ${res.status}`);
    return `${c.method} 404`;
  }
  const trusted = trustedRedirect(c, clients);
  if (res.status === 302) {
    const location = header('location');
    if (!location) fail('302 without Location');
    if (!trusted) fail(`a redirect for an untrusted client or redirect URI: ${location}`);
    const url = new URL(location);
    const error = url.searchParams.get('error');
    if (!error || !REDIRECT_ERRORS.includes(error))
      fail(`redirect with error ${error}: ${location}`);
    if (url.searchParams.has('code')) fail(`a code from a GET: ${location}`);
    for (const name of ['error', 'error_description', 'state', 'iss'])
      url.searchParams.delete(name);
    if (url.toString() !== new URL(trusted).toString()) {
      fail(`redirect to ${location}, not to the registered ${trusted}`);
    }
    return `302 ${error}`;
  }
  if (res.status !== 200 && res.status !== 400)
    fail(`answered ${res.status}: ${res.text.slice(0, 300)}`);
  if (res.status === 200 && !trusted)
    fail('a consent page for an untrusted client or redirect URI');
  if (header('content-type') !== 'text/html; charset=utf-8')
    fail(`content type ${header('content-type')}`);
  if (header('cache-control') !== 'no-store') fail('the page may be cached');
  if (
    !/frame-ancestors 'none'/.test(header('content-security-policy') ?? '') &&
    header('x-frame-options') !== 'DENY'
  ) {
    fail('the page may be framed');
  }
  return String(res.status);
}
