/** Query parameters of a connection URL that hold secrets (libpq's and pg's `password`, `sslpassword`, ...). */
const SECRET_PARAMETER = /^(password|passwd|pwd|sslpassword|secret|token|api[-_]?key)$/i;

/** `scheme://anything@` in free text: whatever precedes the last `@` of the word may be a password. */
const USERINFO_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s@/]*:[^\s]*@/gi;
const SECRET_PARAMETER_IN_TEXT =
  /([?&](?:password|passwd|pwd|sslpassword|secret|token|api[-_]?key)=)[^&\s]*/gi;

/**
 * A database URL fit to print: its password and any secret query parameter replaced by `***`, the rest as given.
 * A URL too malformed to parse loses everything between `scheme://` and its last `@`.
 */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return redactCredentials(url);
  const parsed = new URL(url);
  const secrets = [...parsed.searchParams.keys()].filter((name) => SECRET_PARAMETER.test(name));
  if (!parsed.password && !secrets.length) return url;
  if (parsed.password) parsed.password = '***';
  for (const name of secrets) parsed.searchParams.set(name, '***');
  return parsed.toString();
}

/** Free text (an error message, a log line) with the credentials of any URL in it replaced by `***`. */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO_IN_TEXT, '$1***@').replace(SECRET_PARAMETER_IN_TEXT, '$1***');
}

/** The message of a thrown value, fit to print: `redactCredentials` of it. */
export function printableMessage(error: unknown): string {
  return redactCredentials(error instanceof Error ? error.message : String(error));
}
