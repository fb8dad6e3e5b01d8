import fc from 'fast-check';
import {
  foreignAuthorization,
  fuzzText,
  headerSafe,
  headerValue,
  queryString,
  wellFormed,
} from './http-arbitraries.js';

/** The seeded tokens a guard case may present: valid with scope `email`, valid without it, MAC, revoked, expired. */
export const TOKEN_NAMES = ['valid', 'noScope', 'mac', 'revoked', 'expired'] as const;
export type TokenName = (typeof TOKEN_NAMES)[number];

/** A token value: a seeded one, a seeded one altered, or a random one. */
export type TokenChoice =
  { seeded: TokenName; alter?: 'flip' | 'append' | 'truncate' | 'upper' } | { random: string };

/** One Authorization header line of a guard case. */
export type AuthPart =
  | { kind: 'bearer'; token: TokenChoice; scheme: string; gap: string }
  /** A MAC header signed at send time for the final request, tampered with or not. */
  | { kind: 'signed-mac'; tamper: 'none' | 'mac' | 'id' | 'nonce' | 'other-uri' }
  | { kind: 'raw'; value: string };

/** A request to the protected routes, in parts: the tokens are filled in and MAC headers signed when it is sent. */
export interface GuardCase {
  /** `strict`: the defaults (header only); `lenient`: query and form-body tokens accepted too. */
  app: 'strict' | 'lenient';
  method: string;
  path: string;
  /** The path is one of the protected routes for this method (a trailing slash allowed). */
  routed: boolean;
  authorization: AuthPart[];
  queryTokens: TokenChoice[];
  /** Other query parameters, encoded. */
  query?: string;
  /** A body of fields in the content type's syntax; a token field is filled in when the request is sent. */
  body?: { contentType?: string; fields: [string, string | { token: TokenChoice }][] };
  extraHeaders: [string, string][];
  /** Only a valid Bearer token in the header, on a protected route: it must pass. */
  clean: boolean;
}

const tokenChoice: fc.Arbitrary<TokenChoice> = fc.oneof(
  { arbitrary: fc.constantFrom(...TOKEN_NAMES).map((seeded) => ({ seeded })), weight: 4 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom(...TOKEN_NAMES),
        fc.constantFrom('flip', 'append', 'truncate', 'upper') as fc.Arbitrary<
          'flip' | 'append' | 'truncate' | 'upper'
        >,
      )
      .map(([seeded, alter]) => ({ seeded, alter })),
    weight: 2,
  },
  {
    arbitrary: fc
      .oneof(
        fc.base64String({ minLength: 1, maxLength: 60 }),
        fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,50}=*$/),
        headerValue,
      )
      .map((random) => ({ random })),
    weight: 2,
  },
);

const scheme = fc.constantFrom('Bearer', 'bearer', 'BEARER', 'bEaReR');
const gap = fc.constantFrom(' ', '  ', '\t', ' \t ');

const authPart: fc.Arbitrary<AuthPart> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('bearer' as const), token: tokenChoice, scheme, gap }),
    weight: 5,
  },
  {
    arbitrary: fc
      .constantFrom('none', 'mac', 'id', 'nonce', 'other-uri')
      .map((tamper) => ({ kind: 'signed-mac' as const, tamper: tamper as 'none' })),
    weight: 2,
  },
  {
    arbitrary: fc
      .oneof(
        foreignAuthorization,
        fc
          .tuple(tokenChoice, fuzzText)
          .map(
            ([, junk]) => `MAC id="${headerSafe(junk).replace(/"/g, '')}", nonce="1:x", mac="AAAA"`,
          ),
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'MAC',
          'MAC id=""',
          'MAC id="a", id="a", nonce="1:a", mac="x"',
          'Bearer a b',
          'Bearer ===',
          'Bearer a=b',
        ),
      )
      .map((value) => ({ kind: 'raw' as const, value })),
    weight: 3,
  },
);

const ROUTES = [
  { method: 'GET', path: '/api/email' },
  { method: 'HEAD', path: '/api/email' },
  { method: 'POST', path: '/api/notes' },
] as const;

/** Any request to the protected routes (or near them): any Authorization lines, query and body tokens. */
export const guardCase: fc.Arbitrary<GuardCase> = fc
  .record({
    app: fc.constantFrom('strict' as const, 'lenient' as const),
    route: fc.oneof(
      {
        arbitrary: fc
          .constantFrom(ROUTES[0], ROUTES[0], ROUTES[2], ROUTES[2], ROUTES[1])
          .map((r) => ({ ...r, routed: true })),
        weight: 8,
      },
      {
        arbitrary: fc
          .tuple(
            fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
            fc.constantFrom(
              '/api/email',
              '/api/notes',
              '/API/EMAIL',
              '/api/email/x',
              '/api//email',
              '/api/%65mail',
            ),
          )
          .map(([method, path]) => ({
            method,
            path,
            routed: ROUTES.some((r) => r.method === method && r.path === path),
          })),
        weight: 1,
      },
    ),
    trailingSlash: fc.boolean(),
    authorization: fc.oneof(
      { arbitrary: fc.array(authPart, { minLength: 1, maxLength: 1 }), weight: 6 },
      { arbitrary: fc.constant<AuthPart[]>([]), weight: 1 },
      { arbitrary: fc.array(authPart, { minLength: 2, maxLength: 3 }), weight: 1 },
    ),
    queryTokens: fc.oneof(
      { arbitrary: fc.constant<TokenChoice[]>([]), weight: 4 },
      { arbitrary: fc.array(tokenChoice, { minLength: 1, maxLength: 2 }), weight: 1 },
    ),
    query: fc.option(queryString(fc.array(fc.tuple(fuzzText, fuzzText), { maxLength: 3 })), {
      freq: 4,
      nil: undefined,
    }),
    body: fc.option(
      fc.oneof(
        fc
          .tuple(tokenChoice, fc.constantFrom('access_token', 'access_token[a]', 'access_token[]'))
          .map(([token, name]) => ({
            token,
            name,
          })),
        fc.array(fc.tuple(fuzzText, fuzzText), { maxLength: 3 }).map((pairs) => ({ pairs })),
      ),
      { freq: 2, nil: undefined },
    ),
    contentType: fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/json',
      'text/plain',
      undefined,
    ),
    extraHeaders: fc.array(
      fc.tuple(
        fc.constantFrom('Accept', 'X-Forwarded-Host', 'X-Forwarded-Port', 'X-Forwarded-Proto'),
        headerValue,
      ),
      {
        maxLength: 2,
      },
    ),
  })
  .map((parts): GuardCase => {
    const path = parts.route.path + (parts.trailingSlash ? '/' : '');
    const clean =
      parts.route.routed &&
      parts.route.method === 'GET' &&
      parts.authorization.length === 1 &&
      parts.authorization[0].kind === 'bearer' &&
      'seeded' in parts.authorization[0].token &&
      parts.authorization[0].token.seeded === 'valid' &&
      !parts.authorization[0].token.alter &&
      parts.queryTokens.length === 0;
    return {
      app: parts.app,
      method: parts.route.method,
      path,
      routed: parts.route.routed,
      authorization: parts.authorization,
      queryTokens: parts.queryTokens,
      query: parts.query,
      body:
        parts.body && parts.route.method !== 'GET' && parts.route.method !== 'HEAD'
          ? {
              contentType: parts.contentType,
              fields:
                'pairs' in parts.body
                  ? parts.body.pairs.map(([n, v]): [string, string] => [
                      wellFormed(n),
                      wellFormed(v),
                    ])
                  : [[parts.body.name, { token: parts.body.token }]],
            }
          : undefined,
      extraHeaders: parts.extraHeaders,
      clean,
    };
  });
