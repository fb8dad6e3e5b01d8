import fc from 'fast-check';
import type { BodyFraming } from './raw-http.js';

/** Methods Node's HTTP parser knows (CONNECT aside, which is not a request for a path). */
export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'SEARCH',
] as const;

/** Mostly POST, the only method the form endpoints take, else any other method. */
export const method = fc.oneof(
  { arbitrary: fc.constant('POST'), weight: 6 },
  { arbitrary: fc.constantFrom(...HTTP_METHODS), weight: 1 },
);

/** Percent escapes that are broken, overlong, surrogate halves, NUL, BOM, or that encode the form's own syntax. */
export const PERCENT_EDGES = [
  '%',
  '%%',
  '%G0',
  '%0',
  '%00',
  '%C3',
  '%C3%28',
  '%E0%A4%A',
  '%F0%9F%98',
  '%C0%AF',
  '%ED%A0%80',
  '%EF%BB%BF',
  '%FF',
  '%2B',
  '%20',
  '%26',
  '%3D',
  '%25',
  '+',
] as const;

/** Strings a parser can trip on: unicode of every kind, controls, quotes, JSON and prototype names. */
export const TRICKY_STRINGS = [
  '',
  ' ',
  '\t',
  '\u0000',
  '\u007f',
  '\u00e9',
  'e\u0301',
  '\u202e',
  '\ufeff',
  '\ud83d\ude00',
  '\ud800',
  '\u4e2d\u6587',
  '"',
  '\\',
  "'",
  '<script>',
  '{}',
  '[]',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
] as const;

/** Text for names and values: short ASCII, any unicode, or one of the tricky strings. */
export const fuzzText = fc.oneof(
  { arbitrary: fc.string({ maxLength: 12 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 2 },
  { arbitrary: fc.constantFrom(...TRICKY_STRINGS), weight: 2 },
);

/**
 * A header value Node's HTTP parser accepts: visible ASCII, spaces and tabs, and non-ASCII characters (sent as
 * UTF-8 bytes, which HTTP reads as obs-text); no leading or trailing whitespace, which HTTP strips.
 */
export const headerValue = fc
  .string({
    unit: fc.oneof(
      {
        arbitrary: fc
          .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })
          .filter((char) => char >= ' ' && char <= '~'),
        weight: 8,
      },
      { arbitrary: fc.constantFrom(' ', '\t', '\u00e9', '\u4e2d', '\ud83d\ude00'), weight: 1 },
    ),
    maxLength: 40,
  })
  .map((value) => value.trim());

/** `text` as a header value Node accepts: controls other than tab removed, no surrounding whitespace. */
export function headerSafe(text: string): string {
  return [...wellFormed(text)]
    .filter((char) => char === '\t' || (char >= ' ' && char !== '\x7f'))
    .join('')
    .trim();
}

/** An RFC 9110 token (a header name or an auth scheme). */
export const httpToken = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,16}$/);

/** Base64 of random bytes, sometimes broken: bad characters, missing or extra padding, whitespace inside. */
export const garbledBase64 = fc.oneof(
  fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.base64String({ maxLength: 48 }),
  fc.stringMatching(/^[A-Za-z0-9+/=!*. -]{0,40}$/),
  fc
    .uint8Array({ minLength: 1, maxLength: 24 })
    .map((bytes) => Buffer.from(bytes).toString('base64url')),
);

/** Base64 of `user:password` text, both form-encoded or not, with stray colons and percent escapes. */
export const basicPayload = fc
  .tuple(
    fc.oneof(fuzzText, fc.constantFrom(...PERCENT_EDGES)),
    fc.constantFrom(':', '', '::', '%3A'),
    fc.oneof(fuzzText, fc.constantFrom(...PERCENT_EDGES)),
  )
  .map(([user, colon, password]) => Buffer.from(user + colon + password).toString('base64'));

/** Authorization header values of any scheme, none of them holding a real client's secret. */
export const foreignAuthorization = fc.oneof(
  basicPayload.map((b64) => `Basic ${b64}`),
  garbledBase64.map((b64) => `Basic ${b64}`),
  fc.constantFrom('Basic', 'Basic ', 'Basic =', 'Basic Og==', 'Basic OmE=', 'Basic YTo='),
  fc.tuple(httpToken, garbledBase64).map(([scheme, b64]) => `${scheme} ${b64}`),
  headerValue.map((value) => `Bearer ${value}`),
  headerValue.map((value) => `MAC id="${value}", nonce="1:x", mac="${value}"`),
  headerValue,
);

/** Content types: the form's (with good and bad parameters, in any case), JSON, multipart, text, none or junk. */
export const contentType = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/x-www-form-urlencoded;charset=UTF-8',
      'application/x-www-form-urlencoded; charset="utf-8"',
      'APPLICATION/X-WWW-FORM-URLENCODED',
    ),
    weight: 6,
  },
  {
    arbitrary: fc.constantFrom(
      'application/x-www-form-urlencoded; charset=latin1',
      'application/x-www-form-urlencoded; charset=utf-16',
      'application/x-www-form-urlencoded; charset=',
      'application/x-www-form-urlencoded; charset="',
      'application/x-www-form-urlencoded;;;',
      'application/x-www-form-urlencoded, application/json',
      'application/x-www-form-urlencodedx',
      'application/json',
      'application/json; charset=utf-8',
      'multipart/form-data; boundary=xyz',
      'multipart/form-data',
      'text/plain',
      'text/plain; charset=utf-8',
      'application/octet-stream',
      '*/*',
      '',
    ),
    weight: 3,
  },
  {
    arbitrary: headerValue.map((params) => `application/x-www-form-urlencoded; ${params}`),
    weight: 1,
  },
  { arbitrary: headerValue, weight: 1 },
);

/** Headers besides Authorization and Content-Type, most of them irrelevant to the endpoint. */
export const extraHeaders = fc.array(
  fc.oneof(
    {
      arbitrary: fc.tuple(
        fc.constantFrom(
          'Accept',
          'Accept-Charset',
          'Accept-Encoding',
          'X-Forwarded-Proto',
          'X-Forwarded-For',
          'X-Forwarded-Host',
          'Origin',
          'Cookie',
        ),
        headerValue,
      ),
      weight: 6,
    },
    {
      arbitrary: fc.tuple(
        fc.constantFrom('Expect', 'Content-Encoding', 'Transfer-Encoding', 'Upgrade'),
        headerValue,
      ),
      weight: 1,
    },
    { arbitrary: fc.tuple(httpToken, headerValue), weight: 3 },
  ),
  { maxLength: 3 },
);

/** How the body is framed: mostly with an exact Content-Length; chunked, unframed or cut off otherwise. */
export const framing: fc.Arbitrary<BodyFraming> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'exact' as const }), weight: 12 },
  {
    arbitrary: fc.integer({ min: 1, max: 64 }).map((size) => ({ kind: 'chunked' as const, size })),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
  {
    arbitrary: fc
      .integer({ min: 1, max: 100 })
      .map((missing) => ({ kind: 'cut' as const, missing })),
    weight: 1,
  },
);

/** `text` with lone surrogates replaced by U+FFFD, as UTF-8 encoders do (`encodeURIComponent` throws on them). */
export function wellFormed(text: string): string {
  return text.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

/** Encodes name/value pairs as a form body, as browsers do (`URLSearchParams`: UTF-8, space as `+`). */
export function formEncode(pairs: readonly (readonly [string, string])[]): string {
  return new URLSearchParams(
    pairs.map(([name, value]): [string, string] => [name, value]),
  ).toString();
}

/**
 * Name/value pairs as a form body, encoded well or badly: by `URLSearchParams`, with raw text in between, with
 * percent-escape edge cases spliced in, or with empty pairs and stray separators.
 */
export function formBody(
  pairs: fc.Arbitrary<readonly (readonly [string, string])[]>,
): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: pairs.map(formEncode), weight: 12 },
    {
      arbitrary: pairs.map((list) => list.map(([name, value]) => `${name}=${value}`).join('&')),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(pairs.map(formEncode), fc.constantFrom(...PERCENT_EDGES), fc.nat())
        .map(([body, edge, at]) => {
          const cut = body.length === 0 ? 0 : at % (body.length + 1);
          return body.slice(0, cut) + edge + body.slice(cut);
        }),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(pairs.map(formEncode), fc.constantFrom('&', '&&', '=', '==', '&=&', 'x', '&x&'))
        .map(([body, junk]) => `${junk}${body}${junk}`),
      weight: 1,
    },
  );
}

/** A query string from `formBody`, its characters outside visible ASCII (and `#`) percent-escaped, as a URL has them. */
export function queryString(
  pairs: fc.Arbitrary<readonly (readonly [string, string])[]>,
): fc.Arbitrary<string> {
  return formBody(pairs).map((query) =>
    wellFormed(query).replace(/[^\x21-\x7e]|#/gu, (char) => encodeURIComponent(char)),
  );
}

/** A body near the 64 KiB form limit: a valid-looking form padded to `limit + delta` bytes. */
export function nearLimitBody(prefix: string, limit = 64 * 1024): fc.Arbitrary<string> {
  return fc
    .integer({ min: -3, max: 3 })
    .map((delta) => `${prefix}&pad=${'a'.repeat(Math.max(0, limit + delta - prefix.length - 5))}`);
}
