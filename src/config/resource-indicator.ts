/** An RFC 3986 scheme and ":" at the very start, and no white space or control character anywhere. */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\p{Cc}]+$/u;

/**
 * The RFC 8707 §2 rule a resource indicator breaks, as a message naming it, or undefined when it is one: an absolute
 * URI without a fragment. Exact strings are compared afterwards, as the RFC's audience values are.
 */
export function resourceIndicatorProblem(uri: string): string | undefined {
  if (!ABSOLUTE_URI.test(uri) || !URL.canParse(uri)) {
    return 'A resource indicator must be an absolute URI (RFC 8707 §2)';
  }
  if (uri.includes('#')) return 'A resource indicator must not have a fragment (RFC 8707 §2)';
  return undefined;
}
