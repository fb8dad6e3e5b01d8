/** Client id and secret from an HTTP Basic Authorization header. */
export interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * Parses `Authorization: Basic ...` per RFC 6749 §2.3.1 and Appendix B: the id and secret are
 * form-urlencoded before base64, and only the first `:` separates them. Returns undefined when malformed.
 */
export function parseBasicCredentials(header: string): BasicCredentials | undefined {
  const match = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const clientId = formUrlDecode(decoded.slice(0, colon));
  const clientSecret = formUrlDecode(decoded.slice(colon + 1));
  if (!clientId || clientSecret === undefined) return undefined;
  return { clientId, clientSecret };
}

/** application/x-www-form-urlencoded decoding of one value; undefined for a bad percent escape. */
export function formUrlDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** The `WWW-Authenticate` challenge for HTTP Basic client authentication (RFC 7617); the realm is validated. */
export function basicChallenge(realm: string): string {
  return `Basic realm="${realm}"`;
}
