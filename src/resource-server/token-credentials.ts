/** Credentials of a resource request, by scheme. */
export type TokenCredentials =
  | { scheme: 'bearer' | 'dpop'; token: string }
  | {
      scheme: 'mac';
      id: string;
      nonce: string;
      mac: string;
      bodyHash?: string;
      ext?: string;
    };

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const AUTH_PARAM = /\s*([A-Za-z]+)="([^"\\]*)"\s*(?:,|$)/y;

/**
 * Parses an Authorization header: `Bearer <token>` (RFC 6750 §2.1), `DPoP <token>` (RFC 9449 §7.1) or
 * `MAC id="…", nonce="…", mac="…"`.
 * Returns undefined for another scheme, and null for a malformed value of a known one.
 */
export function parseAuthorization(header: string): TokenCredentials | null | undefined {
  const match = /^(\S+)(?:\s+(.*))?$/s.exec(header.trim());
  if (!match) return null;
  const scheme = match[1].toLowerCase();
  const rest = match[2]?.trim() ?? '';
  if (scheme === 'bearer' || scheme === 'dpop') {
    return B64TOKEN.test(rest) ? { scheme, token: rest } : null;
  }
  if (scheme !== 'mac') return undefined;
  const params = parseAuthParams(rest);
  if (!params?.id || !params.nonce || !params.mac) return null;
  return {
    scheme,
    id: params.id,
    nonce: params.nonce,
    mac: params.mac,
    bodyHash: params.bodyhash,
    ext: params.ext,
  };
}

/** `name="value"` pairs separated by commas; a repeated name makes the whole header malformed. */
function parseAuthParams(input: string): Record<string, string> | null {
  const params: Record<string, string> = Object.create(null);
  AUTH_PARAM.lastIndex = 0;
  while (AUTH_PARAM.lastIndex < input.length) {
    const start = AUTH_PARAM.lastIndex;
    const match = AUTH_PARAM.exec(input);
    if (!match || AUTH_PARAM.lastIndex === start) return null;
    const name = match[1].toLowerCase();
    if (name in params) return null;
    params[name] = match[2];
  }
  return params;
}
