/** One scope value: RFC 6749 §3.3 `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Splits a space-delimited scope string into its distinct values (the order is irrelevant, RFC 6749 §3.3). */
export function splitScope(scope: string): string[] {
  return [...new Set(scope.split(' ').filter(Boolean))];
}

/** The space-delimited form of a scope, sorted so equal scopes read the same. */
export function joinScope(scope: Iterable<string>): string {
  return [...scope].sort().join(' ');
}
