/** An RFC 3986 scheme and ":" at the very start, and no white space or control character anywhere. */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\p{Cc}]+$/u;

/** Schemes whose "redirect" runs or reads content in the user's browser instead of reaching the client. */
const UNSAFE_SCHEMES: ReadonlySet<string> = new Set(['javascript:', 'data:', 'file:', 'vbscript:']);

/** Loopback hosts as the WHATWG URL parser writes them: 127.0.0.0/8, [::1] and `localhost`. */
const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/;

/**
 * The registration rule a redirect URI breaks, as a message naming it, or undefined when it may be registered:
 * absolute and without fragment (RFC 6749 §3.1.2); never `javascript:`, `data:`, `file:` or `vbscript:`; `https`,
 * or plain `http` only on a loopback host (RFC 8252 §7.3, RFC 9700 §2.1). Private-use schemes such as
 * `com.example.app:/cb` (RFC 8252 §7.1) are allowed.
 */
export function redirectUriProblem(uri: string): string | undefined {
  let url: URL | undefined;
  if (ABSOLUTE_URI.test(uri)) url = URL.parse(uri) ?? undefined;
  if (!url) return 'A redirect URI must be an absolute URI (RFC 6749 §3.1.2)';
  if (uri.includes('#')) return 'A redirect URI must not have a fragment (RFC 6749 §3.1.2)';
  if (UNSAFE_SCHEMES.has(url.protocol)) {
    return `A redirect URI must not use the ${url.protocol} scheme: the browser would run or open it instead of returning to the client`;
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOST.test(url.hostname)) {
    return 'A redirect URI must use https, or http only on a loopback host (RFC 8252 §7.3)';
  }
  return undefined;
}
