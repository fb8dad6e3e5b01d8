import fc from 'fast-check';
import type { Expectation, FormCase } from './form-cases.js';
import { FORM_PATHS, type FormEndpointName } from './form-endpoints-app.js';
import {
  HTTP_METHODS,
  formEncode,
  fuzzText,
  headerValue,
  queryString,
  wellFormed,
} from './http-arbitraries.js';
import type { BodyFraming, RawHttpRequest } from './raw-http.js';
import {
  KNOWN_PARAMS,
  PARSER_TRAP_NAMES,
  formPairs,
  type FormIdentities,
} from './random-form-cases.js';

/** A request still in parts, so that a mutation changes one part and the rendering stays consistent. */
interface Draft {
  endpoint: FormEndpointName;
  method: string;
  trailingSlash: boolean;
  query?: string;
  basic?: { id: string; secret: string; scheme: string; gap: string; escapeAll: boolean };
  params: [string, string][];
  /** Percent-escape every byte of every name and value (decodes to the same form). */
  escapeAll: boolean;
  /** Empty pairs (`&&`) around the form, which the form encoding ignores. */
  emptyPairs: boolean;
  /** Bytes appended to the encoded form. */
  suffix?: Buffer;
  contentType?: string;
  lowerCaseNames: boolean;
  extraHeaders: [string, string][];
  framing: BodyFraming;
}

/** A valid request: what it is called and what it must get. */
interface Base {
  label: string;
  draft: Draft;
  success: Extract<Expectation, { kind: 'success' }>['body'];
}

/** A change that keeps the request valid, or one that breaks it, and the answer it must then get. */
interface Mutation {
  label: string;
  apply(draft: Draft): Draft;
  expect?: { status: number; error: string };
}

const FORM = 'application/x-www-form-urlencoded';

function draft(
  endpoint: FormEndpointName,
  params: [string, string][],
  basic?: Draft['basic'],
): Draft {
  return {
    endpoint,
    method: 'POST',
    trailingSlash: false,
    basic,
    params,
    escapeAll: false,
    emptyPairs: false,
    contentType: FORM,
    lowerCaseNames: false,
    extraHeaders: [],
    framing: { kind: 'exact' },
  };
}

/** The valid requests of the token endpoint (client_credentials with Basic or body credentials; password). */
export function tokenBases(ids: FormIdentities): Base[] {
  const { clientId, clientSecret } = ids.confidential;
  const basic = { id: clientId, secret: clientSecret, scheme: 'Basic', gap: ' ', escapeAll: false };
  return [
    {
      label: 'client_credentials (Basic)',
      draft: draft(
        'token',
        [
          ['grant_type', 'client_credentials'],
          ['scope', 'read'],
        ],
        basic,
      ),
      success: 'token',
    },
    {
      label: 'client_credentials (body credentials)',
      draft: draft('token', [
        ['grant_type', 'client_credentials'],
        ['client_id', clientId],
        ['client_secret', clientSecret],
        ['scope', 'read'],
      ]),
      success: 'token',
    },
    {
      label: 'password (Basic)',
      draft: draft(
        'token',
        [
          ['grant_type', 'password'],
          ['username', 'alice'],
          ['password', 'wonder'],
          ['scope', 'read write'],
        ],
        basic,
      ),
      success: 'token+refresh',
    },
  ];
}

/** The valid requests of revocation and introspection; none revokes a sentinel token. */
export function revocationIntrospectionBases(ids: FormIdentities): Base[] {
  const { clientId, clientSecret } = ids.confidential;
  const basic = { id: clientId, secret: clientSecret, scheme: 'Basic', gap: ' ', escapeAll: false };
  return [
    {
      label: 'introspect the access token (Basic)',
      draft: draft(
        'introspect',
        [
          ['token', ids.sentinel.accessToken],
          ['token_type_hint', 'access_token'],
        ],
        basic,
      ),
      success: 'active',
    },
    {
      label: 'introspect the refresh token (body credentials)',
      draft: draft('introspect', [
        ['client_id', clientId],
        ['client_secret', clientSecret],
        ['token', ids.sentinel.refreshToken],
      ]),
      success: 'active',
    },
    {
      label: 'revoke an unknown token (Basic)',
      draft: draft('revoke', [['token', 'no-such-token']], basic),
      success: 'empty',
    },
    {
      label: "revoke another client's token as the public client",
      draft: draft('revoke', [
        ['client_id', ids.publicClientId],
        ['token', ids.sentinel.accessToken],
      ]),
      success: 'empty',
    },
  ];
}

/** Percent-escapes every UTF-8 byte of `text`. */
function escapeAll(text: string): string {
  return [...Buffer.from(text)]
    .map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`)
    .join('');
}

/** The request a draft stands for. */
function render(d: Draft): RawHttpRequest {
  const form = d.escapeAll
    ? d.params.map(([name, value]) => `${escapeAll(name)}=${escapeAll(value)}`).join('&')
    : formEncode(d.params);
  const framed = d.emptyPairs ? `&&${form}&&` : form;
  const body = Buffer.concat([Buffer.from(framed), d.suffix ?? Buffer.alloc(0)]);
  const name = (header: string) => (d.lowerCaseNames ? header.toLowerCase() : header);
  const headers: [string, string][] = [];
  if (d.basic) {
    const encode = (text: string) =>
      d.basic!.escapeAll ? escapeAll(text) : encodeURIComponent(text).replace(/%20/g, '+');
    const credentials = Buffer.from(`${encode(d.basic.id)}:${encode(d.basic.secret)}`).toString(
      'base64',
    );
    headers.push([name('Authorization'), `${d.basic.scheme}${d.basic.gap}${credentials}`]);
  }
  if (d.contentType !== undefined) headers.push([name('Content-Type'), d.contentType]);
  headers.push(...d.extraHeaders);
  const path = FORM_PATHS[d.endpoint] + (d.trailingSlash ? '/' : '');
  return {
    method: d.method,
    target: d.query === undefined ? path : `${path}?${d.query}`,
    headers,
    body,
    framing: d.framing,
  };
}

const withParams = (d: Draft, params: [string, string][]): Draft => ({ ...d, params });

/** Names no endpoint reads, bracketed and prototype names among them: they must be ignored (RFC 6749 §3.2). */
const unknownName = fc
  .oneof(
    fc.constantFrom(...PARSER_TRAP_NAMES),
    fuzzText,
    fc.constantFrom('grant_type ', 'Grant_Type', 'scope[]'),
  )
  .map(wellFormed)
  .filter((name) => name !== '' && !(KNOWN_PARAMS as readonly string[]).includes(name));

/** Changes that keep a valid request valid: at most one of each kind, chosen at random. */
function benignMutations(ids: FormIdentities): fc.Arbitrary<Mutation[]> {
  const all: fc.Arbitrary<Mutation>[] = [
    fc.tuple(unknownName, fuzzText.map(wellFormed)).map(([name, value]) => ({
      label: `unknown parameter ${JSON.stringify(name)}`,
      apply: (d) => withParams(d, [...d.params, [name, value]]),
    })),
    fc.nat().map((n) => ({
      label: 'parameters reordered',
      apply: (d) =>
        withParams(d, [
          ...d.params.slice(n % d.params.length),
          ...d.params.slice(0, n % d.params.length),
        ]),
    })),
    fc.constant({
      label: 'every byte percent-escaped',
      apply: (d: Draft) => ({ ...d, escapeAll: true }),
    }),
    fc.constant({ label: 'empty pairs', apply: (d: Draft) => ({ ...d, emptyPairs: true }) }),
    fc
      .constantFrom(
        `${FORM}; charset=utf-8`,
        `${FORM};charset=UTF-8`,
        `${FORM}; charset="utf-8"`,
        `${FORM}; charset=utf8`,
        `${FORM}; charset=us-ascii`,
        'Application/X-WWW-Form-Urlencoded',
        `${FORM}; foo=bar`,
      )
      .map((value) => ({
        label: `Content-Type ${value}`,
        apply: (d: Draft) => ({ ...d, contentType: value }),
      })),
    queryString(formPairs(ids, { huge: false })).map((query) => ({
      label: 'a query string (never read)',
      apply: (d: Draft) => ({ ...d, query }),
    })),
    fc.constant({ label: 'trailing slash', apply: (d: Draft) => ({ ...d, trailingSlash: true }) }),
    fc
      .tuple(
        fc.constantFrom('Basic', 'basic', 'BASIC', 'bAsIc'),
        fc.constantFrom(' ', '  ', '    '),
        fc.boolean(),
      )
      .map(([scheme, gap, escape]) => ({
        label: `Basic written ${JSON.stringify(`${scheme}${gap}`)}${escape ? ', id and secret percent-escaped' : ''}`,
        apply: (d: Draft) =>
          d.basic ? { ...d, basic: { ...d.basic, scheme, gap, escapeAll: escape } } : d,
      })),
    fc.integer({ min: 1, max: 32 }).map((size) => ({
      label: `chunked in ${size}-byte chunks`,
      apply: (d: Draft) => ({ ...d, framing: { kind: 'chunked', size } as const }),
    })),
    fc.constant({
      label: 'lower-case header names',
      apply: (d: Draft) => ({ ...d, lowerCaseNames: true }),
    }),
    fc
      .array(
        fc.tuple(
          fc.constantFrom(
            'Accept',
            'Accept-Language',
            'User-Agent',
            'X-Request-Id',
            'X-Forwarded-For',
            'Cookie',
            'Origin',
          ),
          headerValue,
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((headers) => ({
        label: `headers ${headers.map(([n]) => n).join(', ')}`,
        apply: (d: Draft) => ({ ...d, extraHeaders: headers }),
      })),
  ];
  return fc
    .subarray(all.map((_, index) => index))
    .chain((chosen) =>
      chosen.length === 0 ? fc.constant([]) : fc.tuple(...chosen.map((index) => all[index])),
    );
}

const BROKEN_ESCAPES = [
  '%',
  '%%',
  '%G0',
  '%0',
  '%C3',
  '%C3%28',
  '%E0%A4%A',
  '%F0%9F%98',
  '%C0%AF',
  '%ED%A0%80',
  '%FF',
];

/** One change that makes the base invalid, with the exact answer the pipeline gives it. */
function breakingMutation(base: Base, ids: FormIdentities): fc.Arbitrary<Mutation> {
  const d = base.draft;
  const invalidRequest = { status: 400, error: 'invalid_request' };
  const invalidClient = { status: 401, error: 'invalid_client' };
  const secretParam = d.params.some(([name]) => name === 'client_secret');
  const isPublicBase = d.params.some(
    ([name, value]) => name === 'client_id' && value === ids.publicClientId,
  );
  const keyParam = d.endpoint === 'token' ? 'grant_type' : 'token';
  const options: fc.Arbitrary<Mutation>[] = [
    fc.nat().chain((n) =>
      fc.constantFrom<string>('', '=', 'x').map((value) => {
        const [name] = d.params[n % d.params.length];
        return {
          label: `${name} repeated`,
          apply: (x: Draft) => withParams(x, [...x.params, [name, value === 'x' ? 'x' : value]]),
          expect: invalidRequest,
        };
      }),
    ),
    fc
      .constantFrom(
        'application/json',
        'text/plain',
        'multipart/form-data; boundary=x',
        `${FORM}x`,
        `${FORM}, application/json`,
        undefined,
      )
      .map((value) => ({
        label: `Content-Type ${value ?? 'missing'}`,
        apply: (x: Draft) => ({ ...x, contentType: value }),
        expect: invalidRequest,
      })),
    fc.constantFrom('latin1', 'iso-8859-1', 'utf-16', 'utf8mb4', '"latin1"').map((charset) => ({
      label: `charset ${charset}`,
      apply: (x: Draft) => ({ ...x, contentType: `${FORM}; charset=${charset}` }),
      expect: invalidRequest,
    })),
    fc.constantFrom(...HTTP_METHODS).map((m) => ({
      label: `method ${m}`,
      apply: (x: Draft) => ({ ...x, method: m }),
      expect: { status: 405, error: 'invalid_request' },
    })),
    fc.integer({ min: 1, max: 2048 }).map((over) => ({
      label: `body ${over} bytes over 64 KiB`,
      apply: (x: Draft) => {
        const size = render(x).body!.length;
        return withParams(x, [
          ...x.params,
          ['pad', 'p'.repeat(Math.max(1, 64 * 1024 + over - size - 5))],
        ]);
      },
      expect: { status: 413, error: 'invalid_request' },
    })),
    fc.integer({ min: 1, max: 100 }).map((missing) => ({
      label: `body cut off ${missing} bytes short`,
      apply: (x: Draft) => ({ ...x, framing: { kind: 'cut', missing } as const }),
      expect: invalidRequest,
    })),
    fc.constantFrom(...BROKEN_ESCAPES).map((escape) => ({
      label: `broken escape ${escape}`,
      apply: (x: Draft) => ({ ...x, suffix: Buffer.from(`&x=${escape}`) }),
      expect: invalidRequest,
    })),
    fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]).map((bytes) => ({
      label: `raw bytes ${bytes.join(',')} (not UTF-8)`,
      apply: (x: Draft) => ({
        ...x,
        suffix: Buffer.concat([Buffer.from('&x='), Buffer.from(bytes)]),
      }),
      expect: invalidRequest,
    })),
    fc.constantFrom('[]', '[0]', '[x]').map((brackets) => ({
      label: `${keyParam} renamed ${keyParam}${brackets}`,
      apply: (x: Draft) =>
        withParams(
          x,
          x.params.map(([n, v]) => [n === keyParam ? `${n}${brackets}` : n, v]),
        ),
      expect: invalidRequest,
    })),
    fc.constant({
      label: 'credentials removed',
      apply: (x: Draft) => ({
        ...withParams(
          x,
          x.params.filter(([n]) => n !== 'client_id' && n !== 'client_secret'),
        ),
        basic: undefined,
      }),
      expect: invalidClient,
    }),
  ];
  if (d.basic || secretParam) {
    options.push(
      fc.nat().map((n) => ({
        label: 'one character of the secret changed',
        apply: (x: Draft) => {
          const secret = x.basic?.secret ?? x.params.find(([name]) => name === 'client_secret')![1];
          const at = n % secret.length;
          const changed =
            secret.slice(0, at) + (secret[at] === 'A' ? 'B' : 'A') + secret.slice(at + 1);
          return x.basic
            ? { ...x, basic: { ...x.basic, secret: changed } }
            : withParams(
                x,
                x.params.map(([name, v]) => [name, name === 'client_secret' ? changed : v]),
              );
        },
        expect: invalidClient,
      })),
    );
  }
  if (isPublicBase) {
    options.push(
      fuzzText
        .map(wellFormed)
        .filter(Boolean)
        .map((secret) => ({
          label: 'a public client sends a secret',
          apply: (x: Draft) => withParams(x, [...x.params, ['client_secret', secret]]),
          expect: invalidClient,
        })),
    );
  }
  if (d.basic) {
    options.push(
      fc.constant({
        label: 'Basic and a body client_secret',
        apply: (x: Draft) => withParams(x, [...x.params, ['client_secret', x.basic!.secret]]),
        expect: invalidRequest,
      }),
      fc
        .oneof(fc.constant(ids.publicClientId), fuzzText.map(wellFormed))
        .filter((id) => id !== '' && id !== d.basic!.id)
        .map((id) => ({
          label: 'Basic and another body client_id',
          apply: (x: Draft) => withParams(x, [...x.params, ['client_id', id]]),
          expect: invalidRequest,
        })),
    );
  }
  if (d.endpoint === 'token') {
    options.push(
      fc
        .oneof(
          fc.constantFrom(
            'implicit',
            'token',
            'Client_Credentials',
            'CLIENT_CREDENTIALS',
            'client_credentials ',
            ' password',
            'urn:x:y',
            'code',
          ),
          fuzzText.map(wellFormed),
        )
        .filter(
          (value) =>
            value !== '' &&
            !['authorization_code', 'refresh_token', 'password', 'client_credentials'].includes(
              value,
            ),
        )
        .map((value) => ({
          label: `grant_type ${JSON.stringify(value)}`,
          apply: (x: Draft) =>
            withParams(
              x,
              x.params.map(([n, v]) => [n, n === 'grant_type' ? value : v]),
            ),
          expect: { status: 400, error: 'unsupported_grant_type' },
        })),
      fc
        .constantFrom('read nope', 'READ', 'read"', 'read\\', 'read \u00e9', 'read\u0000')
        .map((scope) => ({
          label: `scope ${JSON.stringify(scope)}`,
          apply: (x: Draft) =>
            withParams(
              x,
              x.params.map(([n, v]) => [n, n === 'scope' ? scope : v]),
            ),
          expect: { status: 400, error: 'invalid_scope' },
        })),
    );
  }
  if (base.success === 'token+refresh') {
    options.push(
      fc
        .constantFrom(
          ['alice', 'Wonder'],
          ['alice', 'wonder '],
          ['bob', 'builder'],
          ['Alice', 'wonder'],
          ['nobody', 'wonder'],
        )
        .map(([user, password]) => ({
          label: `resource owner ${user}/${password}`,
          apply: (x: Draft) =>
            withParams(
              x,
              x.params.map(([n, v]) => [
                n,
                n === 'username' ? user : n === 'password' ? password : v,
              ]),
            ),
          expect: { status: 400, error: 'invalid_grant' },
        })),
    );
  }
  if (d.endpoint !== 'token') {
    options.push(
      fc.constant({
        label: 'token missing',
        apply: (x: Draft) =>
          withParams(
            x,
            x.params.filter(([n]) => n !== 'token'),
          ),
        expect: invalidRequest,
      }),
    );
  }
  if (d.endpoint === 'introspect') {
    options.push(
      fc.constant({
        label: 'introspection by the public client',
        apply: (x: Draft) => ({
          ...withParams(x, [
            ...x.params.filter(([n]) => n !== 'client_id' && n !== 'client_secret'),
            ['client_id', ids.publicClientId],
          ]),
          basic: undefined,
        }),
        expect: invalidClient,
      }),
    );
  }
  return fc.oneof(...options);
}

/**
 * A valid request with benign changes (which must keep it valid: unknown parameters, order, escaping, charset,
 * query, trailing slash, scheme case, chunking, header case and extra headers), and often one breaking change whose
 * exact RFC answer it must get.
 */
export function mutatedFormCase(ids: FormIdentities, bases: Base[]): fc.Arbitrary<FormCase> {
  return fc.constantFrom(...bases).chain((base) =>
    fc
      .tuple(
        benignMutations(ids),
        fc.option(breakingMutation(base, ids), { freq: 3, nil: undefined }),
      )
      .map(([benign, breaking]): FormCase => {
        let d = base.draft;
        for (const mutation of benign) d = mutation.apply(d);
        if (breaking) d = breaking.apply(d);
        const labels = [
          ...benign.map((m) => m.label),
          ...(breaking ? [`BREAK: ${breaking.label}`] : []),
        ];
        return {
          endpoint: d.endpoint,
          routed: true,
          label: `${base.label}${labels.length ? ` + ${labels.join('; ')}` : ''}`,
          expect: breaking?.expect
            ? { kind: 'error', ...breaking.expect }
            : { kind: 'success', body: base.success },
          request: render(d),
        };
      }),
  );
}
