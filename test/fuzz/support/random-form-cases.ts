import fc from 'fast-check';
import { basic } from '../../support/test-app.js';
import type { FormCase } from './form-cases.js';
import {
  CODE_REDIRECT_URI,
  CODE_VERIFIER,
  FORM_PATHS,
  type FormEndpointName,
} from './form-endpoints-app.js';
import {
  contentType,
  extraHeaders,
  foreignAuthorization,
  formBody,
  formEncode,
  framing,
  fuzzText,
  method,
  nearLimitBody,
  queryString,
  wellFormed,
} from './http-arbitraries.js';

/** The seeded identities and credentials the fuzzed requests may name. */
export interface FormIdentities {
  confidential: { clientId: string; clientSecret: string };
  publicClientId: string;
  sentinel: { accessToken: string; refreshToken: string; code: string };
}

/** Every parameter name the form endpoints read. */
export const KNOWN_PARAMS = [
  'grant_type',
  'client_id',
  'client_secret',
  'scope',
  'code',
  'redirect_uri',
  'code_verifier',
  'refresh_token',
  'username',
  'email',
  'password',
  'token',
  'token_type_hint',
] as const;

/** Names that trip object-building parsers: prototype keys and bracket syntax. */
export const PARSER_TRAP_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  '__proto__[x]',
  'constructor[prototype][x]',
  'grant_type[]',
  'grant_type[x]',
  'client_id[]',
  'token[]',
  'a[b][c]',
  'hasOwnProperty',
  'toString',
  'valueOf',
] as const;

/** Values with meaning to the endpoints: grant types, hints, seeded ids, tokens and the code (never the secret). */
function meaningfulValues(ids: FormIdentities): string[] {
  return [
    'authorization_code',
    'refresh_token',
    'password',
    'client_credentials',
    'implicit',
    'urn:ietf:params:oauth:grant-type:jwt-bearer',
    'access_token',
    'read',
    'write',
    'read write',
    'alice',
    'wonder',
    'bob',
    ids.confidential.clientId,
    ids.publicClientId,
    ids.sentinel.accessToken,
    ids.sentinel.refreshToken,
    ids.sentinel.code,
    CODE_REDIRECT_URI,
    CODE_VERIFIER,
  ];
}

/** Form pairs with known, trap and random names and values, mostly each name once; some values are huge. */
export function formPairs(
  ids: FormIdentities,
  { huge = true }: { huge?: boolean } = {},
): fc.Arbitrary<[string, string][]> {
  const name = fc.oneof(
    { arbitrary: fc.constantFrom(...KNOWN_PARAMS), weight: 6 },
    { arbitrary: fc.constantFrom(...PARSER_TRAP_NAMES), weight: 2 },
    { arbitrary: fuzzText, weight: 2 },
  );
  const value = fc.oneof(
    { arbitrary: fc.constantFrom(...meaningfulValues(ids)), weight: 4 },
    { arbitrary: fuzzText, weight: 3 },
    ...(huge
      ? [{ arbitrary: fc.integer({ min: 1, max: 70_000 }).map((n) => 'v'.repeat(n)), weight: 1 }]
      : []),
  );
  const pair = fc.tuple(name, value);
  return fc.oneof(
    { arbitrary: fc.uniqueArray(pair, { selector: ([n]) => n, maxLength: 8 }), weight: 4 },
    { arbitrary: fc.array(pair, { maxLength: 8 }), weight: 1 },
  );
}

/** A path to an endpoint: the route itself (with or without a trailing slash), or a variant the router may refuse. */
export function pathVariant(path: string): fc.Arbitrary<{ target: string; routed: boolean }> {
  return fc.oneof(
    {
      arbitrary: fc.constantFrom(path, `${path}/`).map((target) => ({ target, routed: true })),
      weight: 8,
    },
    {
      arbitrary: fc
        .constantFrom(
          path.toUpperCase(),
          `/${path}`,
          path.replace(/\/([^/]+)$/, '//$1'),
          `${path}/x`,
          `${path}%2F`,
          `${path}%00`,
          `${path};a=b`,
          path.replace('o', '%6F'),
          `${path}/..`,
          `${path}#f`,
          `http://127.0.0.1${path}`,
          '*',
        )
        .map((target) => ({ target, routed: false })),
      weight: 1,
    },
  );
}

/** Authorization headers from anyone but the confidential client with its real secret: usually none. */
function authorizationHeaders(ids: FormIdentities): fc.Arbitrary<string[]> {
  const one = fc.oneof(
    foreignAuthorization,
    fuzzText.map((secret) => basic(ids.confidential.clientId, wellFormed(secret))),
    fc.constant(basic(ids.publicClientId, '')),
    fuzzText.map((secret) => basic(ids.publicClientId, wellFormed(secret))),
  );
  return fc.oneof(
    { arbitrary: fc.constant<string[]>([]), weight: 3 },
    { arbitrary: one.map((value) => [value]), weight: 3 },
    { arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }), weight: 1 },
  );
}

/**
 * Form pairs that, half the time each, start with the parameter the endpoint looks at first (a supported
 * `grant_type`, or a `token`) and with the public client's `client_id`, so that many requests get past the form into
 * client authentication and the grants (where the public client meets the confidential client's code and tokens).
 */
function leadingPair(
  ids: FormIdentities,
  endpoint: FormEndpointName,
): fc.Arbitrary<[string, string][]> {
  const grantParams: Record<string, [string, string][]> = {
    authorization_code: [
      ['code', ids.sentinel.code],
      ['redirect_uri', CODE_REDIRECT_URI],
      ['code_verifier', CODE_VERIFIER],
    ],
    refresh_token: [['refresh_token', ids.sentinel.refreshToken]],
    password: [
      ['username', 'alice'],
      ['password', 'wonder'],
    ],
    client_credentials: [],
  };
  const lead: fc.Arbitrary<[string, string][]> =
    endpoint === 'token'
      ? fc
          .constantFrom(...Object.keys(grantParams))
          .chain((grant) =>
            fc
              .subarray(grantParams[grant])
              .map((params): [string, string][] => [['grant_type', grant], ...params]),
          )
      : fc
          .constantFrom(ids.sentinel.accessToken, ids.sentinel.refreshToken, 'no-such-token')
          .map((token): [string, string][] => [['token', token]]);
  return fc
    .tuple(fc.option(lead, { nil: undefined }), fc.boolean(), formPairs(ids))
    .map(([leading = [], asPublic, rest]) => {
      const first: [string, string][] = [
        ...leading,
        ...(asPublic ? [['client_id', ids.publicClientId] as [string, string]] : []),
      ];
      return [...first, ...rest.filter(([n]) => !first.some(([taken]) => taken === n))];
    });
}

/** A body: a form (well or badly encoded), JSON, multipart, random bytes, one near 64 KiB, or nothing. */
function body(ids: FormIdentities, endpoint: FormEndpointName): fc.Arbitrary<Buffer> {
  const pairs = leadingPair(ids, endpoint);
  return fc.oneof(
    { arbitrary: formBody(pairs).map((text) => Buffer.from(text)), weight: 8 },
    {
      arbitrary: pairs.map((list) => Buffer.from(JSON.stringify(Object.fromEntries(list)))),
      weight: 1,
    },
    {
      arbitrary: pairs.map((list) =>
        Buffer.from(
          list
            .map(([n, v]) => `--xyz\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`)
            .join('') + '--xyz--\r\n',
        ),
      ),
      weight: 1,
    },
    { arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
    {
      arbitrary: pairs
        .chain((list) => nearLimitBody(formEncode(list)))
        .map((text) => Buffer.from(text)),
      weight: 1,
    },
    { arbitrary: fc.constant(Buffer.alloc(0)), weight: 1 },
  );
}

/**
 * Any request to one of `endpoints`: any method, path variant, query, Authorization and Content-Type headers (none,
 * one or several), other headers, body and framing. None carries the confidential client's secret, so none may get
 * a token or an introspection; revocation may answer `{}` to the public client.
 */
export function randomFormCase(
  ids: FormIdentities,
  endpoints: readonly FormEndpointName[],
): fc.Arbitrary<FormCase> {
  return fc
    .constantFrom(...endpoints)
    .chain((endpoint) =>
      fc.record({
        endpoint: fc.constant(endpoint),
        method,
        query: fc.option(queryString(formPairs(ids, { huge: false })), { freq: 4 }),
        authorization: authorizationHeaders(ids),
        contentTypes: fc.oneof(
          { arbitrary: contentType.map((value) => [value]), weight: 6 },
          { arbitrary: fc.constant<string[]>([]), weight: 1 },
          { arbitrary: fc.array(contentType, { minLength: 2, maxLength: 2 }), weight: 1 },
        ),
        extra: extraHeaders,
        body: body(ids, endpoint),
        framing,
      }),
    )
    .chain((parts) =>
      pathVariant(FORM_PATHS[parts.endpoint]).map((path): FormCase => {
        const target = parts.query === null ? path.target : `${path.target}?${parts.query}`;
        return {
          endpoint: parts.endpoint,
          routed: path.routed,
          label: `random ${parts.endpoint}`,
          expect: { kind: parts.endpoint === 'revoke' ? 'refused-or-revoked' : 'refused' },
          request: {
            method: parts.method,
            target,
            headers: [
              ...parts.authorization.map((value) => ['Authorization', value] as const),
              ...parts.contentTypes.map((value) => ['Content-Type', value] as const),
              ...parts.extra,
            ],
            body: parts.body,
            framing: parts.framing,
          },
        };
      }),
    );
}
