import { createHash, createHmac, randomBytes } from 'node:crypto';

/** The parts of a request a MAC covers (draft-ietf-oauth-v2-http-mac-00/-01, §3.2.1). */
export interface MacRequestParts {
  /** `<age>:<random>`: seconds since the credentials were issued, and a random string. */
  nonce: string;
  method: string;
  /** Request URI as sent: path and query. */
  uri: string;
  host: string;
  port: number;
  /** base64(SHA-256(body)), or '' when not sent. */
  bodyHash?: string;
  ext?: string;
}

/** The normalized request string: each element on its own line, every line ended by a newline. */
export function normalizedRequestString(parts: MacRequestParts): string {
  return [
    parts.nonce,
    parts.method.toUpperCase(),
    parts.uri,
    parts.host.toLowerCase(),
    String(parts.port),
    parts.bodyHash ?? '',
    parts.ext ?? '',
  ]
    .map((line) => `${line}\n`)
    .join('');
}

/** The `mac` value: base64(HMAC-SHA-256(mac_key, normalized request string)). */
export function computeMac(macKey: string, parts: MacRequestParts): string {
  return createHmac('sha256', macKey)
    .update(normalizedRequestString(parts), 'utf8')
    .digest('base64');
}

/** The `bodyhash` value: base64(SHA-256(body)). */
export function macBodyHash(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64');
}

/** What a client needs to sign a request with a MAC token. */
export interface SignMacRequestInput {
  /** The access token (the MAC key identifier). */
  id: string;
  /** The `mac_key` of the token response. */
  macKey: string;
  method: string;
  /** Path and query, exactly as sent. */
  uri: string;
  host: string;
  port: number;
  /** When given, its hash is signed and sent as `bodyhash`. */
  body?: string | Buffer;
  ext?: string;
  /** When the client received the token (ms since the epoch), for the nonce's age. @default now */
  issuedAt?: number;
  /** A nonce to use instead of a fresh one. */
  nonce?: string;
}

/**
 * Builds the `Authorization: MAC ...` header value for a request, as a client computes it:
 * nonce = `<seconds since issue>:<random>`, mac = HMAC-SHA-256 of the normalized request string.
 */
export function signMacRequest(input: SignMacRequestInput): string {
  const age = Math.max(0, Math.floor((Date.now() - (input.issuedAt ?? Date.now())) / 1000));
  const nonce = input.nonce ?? `${age}:${randomBytes(12).toString('base64url')}`;
  const bodyHash = input.body === undefined ? undefined : macBodyHash(input.body);
  const mac = computeMac(input.macKey, { ...input, nonce, bodyHash });
  const params = [
    `id="${input.id}"`,
    `nonce="${nonce}"`,
    bodyHash === undefined ? undefined : `bodyhash="${bodyHash}"`,
    input.ext === undefined ? undefined : `ext="${input.ext}"`,
    `mac="${mac}"`,
  ];
  return `MAC ${params.filter(Boolean).join(', ')}`;
}
