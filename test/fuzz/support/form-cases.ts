import type { FormEndpointName } from './form-endpoints-app.js';
import { encodeRequest, type RawHttpRequest } from './raw-http.js';

/** What the endpoint may answer a fuzzed request. */
export type Expectation =
  /** Any documented refusal; never a success. */
  | { kind: 'refused' }
  /** A refusal, or revocation's `200 {}` (a public client may revoke, though never another client's token). */
  | { kind: 'refused-or-revoked' }
  /** Exactly this status and RFC 6749 `error`. */
  | { kind: 'error'; status: number; error: string }
  /** Success with this body: a token (with a refresh token or none), an active introspection, or `{}`. */
  | { kind: 'success'; body: 'token' | 'token+refresh' | 'active' | 'empty' }
  /** Whatever the endpoint documents, success included (malformed HTTP around a valid request). */
  | { kind: 'any' };

/** One fuzzed request to a form endpoint, what it may get back, and how it was made. */
export interface FormCase {
  endpoint: FormEndpointName;
  request: RawHttpRequest;
  /** The path certainly routes to the endpoint; otherwise the router may answer 404 (or 400 for a bad URL). */
  routed: boolean;
  expect: Expectation;
  /** How the case was made, for reports: its base and mutations, or `random`. */
  label: string;
}

/**
 * Node's own HTTP layer may answer before the app (a bare 4xx, or closing the connection): malformed HTTP, a body
 * cut off or sent without framing (it reads as a second, malformed request), `Expect`, `Transfer-Encoding`, a head
 * over Node's 16 KiB.
 */
export function platformMayAnswer(request: RawHttpRequest): boolean {
  const head = encodeRequest(request).indexOf('\r\n\r\n');
  return (
    request.corrupt !== undefined ||
    request.framing?.kind === 'cut' ||
    (request.framing?.kind === 'none' && (request.body?.length ?? 0) > 0) ||
    head > 16 * 1024 - 64 ||
    request.headers.some(([name]) => /^(expect|transfer-encoding|content-length)$/i.test(name))
  );
}

/** A printable, bounded description of a case for failure reports and the slowest-case line. */
export function describeFormCase(c: FormCase): string {
  const encoded = encodeRequest(c.request);
  const bytes = c.request.corrupt ? c.request.corrupt(encoded) : encoded;
  const text = bytes.toString('latin1');
  const shown = text.length > 600 ? `${text.slice(0, 600)}…` : text;
  return `${c.label}: ${JSON.stringify(shown)} (${bytes.length} bytes${
    c.request.framing ? `, ${JSON.stringify(c.request.framing)}` : ''
  })`;
}
