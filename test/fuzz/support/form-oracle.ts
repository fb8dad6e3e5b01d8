import { platformMayAnswer, type FormCase } from './form-cases.js';
import type { RawHttpResult } from './raw-http.js';

/** RFC 6749 §5.2: `error` and `error_description` use only %x20-21 / %x23-5B / %x5D-7E. */
const ERROR_TEXT = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

/** The statuses the form endpoints document, with the RFC 6749 `error` codes each may carry. */
const DOCUMENTED_ERRORS: Record<number, readonly string[]> = {
  400: [
    'invalid_request',
    'invalid_grant',
    'unauthorized_client',
    'unsupported_grant_type',
    'invalid_scope',
  ],
  401: ['invalid_client'],
  405: ['invalid_request'],
  413: ['invalid_request'],
};

/**
 * Whether every 401 must carry `WWW-Authenticate: Basic realm=…`. Today only a 401 to a request with (non-empty)
 * Authorization header does (docs/token-endpoint.md step 4); turn this on when every 401 of the form endpoints does.
 */
const CHALLENGE_EVERY_401 = true;

/** Statuses Node's HTTP layer (or Fastify's client-error handler) answers by itself, before any app code runs. */
const PLATFORM_STATUSES = [400, 413, 414, 417, 431];

/** A media type as RFC 9110 §8.3.1 writes it; Fastify answers 415 itself for a Content-Type that is not one. */
const MEDIA_TYPE = /^[-!#$%&'*+.^_`|~0-9A-Za-z]+\/[-!#$%&'*+.^_`|~0-9A-Za-z]+\s*(;.*)?$/;

function fail(message: string): never {
  throw new Error(message);
}

const header = (res: Extract<RawHttpResult, { closed: false }>, name: string) =>
  res.headers[name]?.join(', ');

/**
 * Checks an answer of the token, revocation or introspection endpoint: never a 5xx and never silence (unless the
 * body was cut off or Node refused the HTTP itself); the platform's own 4xx only where the HTTP itself is at fault
 * (and Fastify's 415 only for a Content-Type that is no media type); a documented status; no-store JSON; an RFC 6749 §5.2 error body
 * with nothing else in it, `WWW-Authenticate: Basic` on a 401 to an Authorization header, `Allow: POST` on a 405; a
 * success only where the case allows one, with the right body; and the exact error when the case names one.
 */
export function checkFormAnswer(c: FormCase, res: RawHttpResult): string {
  const platform = platformMayAnswer(c.request);
  if (res.closed) {
    if (platform) return 'closed';
    fail('the connection closed without a response');
  }
  if (res.status >= 500) fail(`answered ${res.status}: ${res.text.slice(0, 300)}`);
  if (isPlatformAnswer(res) && PLATFORM_STATUSES.includes(res.status)) {
    if (platform) return `${res.status} from the platform`;
    fail(`${res.status} from the HTTP layer to a well-formed request: ${res.text.slice(0, 200)}`);
  }
  if (isPlatformAnswer(res) && res.status === 415) {
    const [, sent] = c.request.headers.find(([name]) => /^content-type$/i.test(name)) ?? [];
    if (sent !== undefined && !MEDIA_TYPE.test(sent)) return '415 from Fastify';
    fail(`415 for the Content-Type ${JSON.stringify(sent)}`);
  }
  if (!c.routed && (res.status === 404 || (res.status === 400 && !isRfcError(res.json)))) {
    return `${res.status} from the router`;
  }
  checkEndpointAnswer(c, res);
  if (c.expect.kind === 'error') {
    const got = { status: res.status, error: (res.json as { error?: unknown } | undefined)?.error };
    if (
      got.status !== c.expect.status ||
      (c.request.method !== 'HEAD' && got.error !== c.expect.error)
    ) {
      fail(`expected ${c.expect.status} ${c.expect.error}, got ${got.status} ${String(got.error)}`);
    }
  }
  if (c.expect.kind === 'success' && res.status !== 200) {
    fail(`expected success, got ${res.status} ${res.text.slice(0, 300)}`);
  }
  const error = (res.json as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' ? `${res.status} ${error}` : String(res.status);
}

function checkEndpointAnswer(c: FormCase, res: Extract<RawHttpResult, { closed: false }>): void {
  if (!(res.status === 200 || res.status in DOCUMENTED_ERRORS)) {
    fail(`undocumented status ${res.status}: ${res.text.slice(0, 300)}`);
  }
  if (header(res, 'cache-control') !== 'no-store' || header(res, 'pragma') !== 'no-cache') {
    fail(`no-store headers missing on ${res.status}`);
  }
  if (!/^application\/json; charset=utf-8$/i.test(header(res, 'content-type') ?? '')) {
    fail(`content type ${header(res, 'content-type')} on ${res.status}`);
  }
  if (res.status === 405 && header(res, 'allow') !== 'POST') fail('405 without Allow: POST');
  if (c.request.method === 'HEAD') {
    if (res.status !== 405) fail(`HEAD answered ${res.status}`);
    return;
  }
  if (res.status === 200) return checkSuccess(c, res.json);
  if (!isRfcError(res.json)) fail(`not an RFC 6749 §5.2 error body: ${res.text.slice(0, 300)}`);
  const { error } = res.json;
  if (!DOCUMENTED_ERRORS[res.status].includes(error)) fail(`${error} answered with ${res.status}`);
  // Node keeps the first of repeated Authorization lines; an empty one carries no credentials (no scheme at all).
  const [, authorization] = c.request.headers.find(([name]) => /^authorization$/i.test(name)) ?? [];
  const challenged = CHALLENGE_EVERY_401 || Boolean(authorization);
  if (
    res.status === 401 &&
    challenged &&
    !/^Basic realm="/.test(header(res, 'www-authenticate') ?? '')
  ) {
    fail(`401 without a Basic challenge (Authorization: ${JSON.stringify(authorization ?? null)})`);
  }
}

/** An answer of the HTTP layer rather than the endpoint: no body type, or Fastify's and Nest's `{ statusCode, … }`. */
function isPlatformAnswer(res: Extract<RawHttpResult, { closed: false }>): boolean {
  const json = res.json as { statusCode?: unknown } | undefined;
  return header(res, 'content-type') === undefined || json?.statusCode === res.status;
}

/** `{ error, error_description }` and nothing else, both within the RFC's characters. */
function isRfcError(body: unknown): body is { error: string; error_description: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { error, error_description: description, ...rest } = body as Record<string, unknown>;
  return (
    Object.keys(rest).length === 0 &&
    typeof error === 'string' &&
    ERROR_TEXT.test(error) &&
    typeof description === 'string' &&
    ERROR_TEXT.test(description)
  );
}

function checkSuccess(c: FormCase, body: unknown): void {
  const kind = c.expect.kind;
  if (kind === 'refused' || kind === 'error')
    fail(`success for a request that must fail: ${JSON.stringify(body)}`);
  const json = (body ?? {}) as Record<string, unknown>;
  const expected =
    kind === 'success' ? c.expect.body : kind === 'refused-or-revoked' ? 'empty' : undefined;
  if (expected === 'empty' || (expected === undefined && c.endpoint === 'revoke')) {
    if (JSON.stringify(body) !== '{}') fail(`revocation answered ${JSON.stringify(body)}`);
  } else if (expected === 'active' || (expected === undefined && c.endpoint === 'introspect')) {
    if (typeof json.active !== 'boolean') fail(`introspection answered ${JSON.stringify(body)}`);
    if (expected === 'active' && json.active !== true)
      fail(`the token is not active: ${JSON.stringify(body)}`);
  } else {
    if (
      typeof json.access_token !== 'string' ||
      json.token_type !== 'bearer' ||
      typeof json.expires_in !== 'number'
    ) {
      fail(`not a token response: ${JSON.stringify(body)}`);
    }
    if (expected === 'token' && 'refresh_token' in json)
      fail('a refresh token for client_credentials');
    if (expected === 'token+refresh' && typeof json.refresh_token !== 'string')
      fail('no refresh token');
  }
}
