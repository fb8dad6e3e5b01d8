import type { Expectation } from './form-cases.js';
import { FORM_PATHS, type FormEndpointName } from './form-endpoints-app.js';
import { formEncode } from './http-arbitraries.js';
import type { BodyFraming, RawHttpRequest } from './raw-http.js';
import type { FormIdentities } from './random-form-cases.js';

/** A request still in parts, so that a mutation changes one part and the rendering stays consistent. */
export interface Draft {
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
export interface Base {
  label: string;
  draft: Draft;
  success: Extract<Expectation, { kind: 'success' }>['body'];
}

/** A change that keeps the request valid, or one that breaks it, and the answer it must then get. */
export interface Mutation {
  label: string;
  apply(draft: Draft): Draft;
  expect?: { status: number; error: string };
}

/** The form's media type. */
export const FORM = 'application/x-www-form-urlencoded';

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
export function render(d: Draft): RawHttpRequest {
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

export const withParams = (d: Draft, params: [string, string][]): Draft => ({ ...d, params });
