import fc from 'fast-check';
import { s256 } from '../../support/token-request.js';
import { fuzzText, queryString, wellFormed } from './http-arbitraries.js';

/** The clients registered on the sample app for the authorization fuzz. */
export interface AuthorizeClients {
  /** Confidential, two redirect URIs. */
  confidential: { clientId: string; redirectUris: string[] };
  /** Public, one redirect URI (which may then be omitted), PKCE required. */
  spa: { clientId: string; redirectUris: string[] };
  /** Confidential, one redirect URI, without the authorization_code grant. */
  machine: { clientId: string; redirectUris: string[] };
}

/** A request to the sample's authorization page. */
export interface AuthorizeCase {
  method: string;
  /** The query string as sent. */
  query: string;
  /** A form body (POST only). */
  body?: string;
}

const UNKNOWN_NAMES = [
  'nonce',
  'prompt',
  'response_mode',
  'request',
  '__proto__',
  'client_id[]',
  'scope[]',
];

function values(clients: AuthorizeClients): Record<string, fc.Arbitrary<string>> {
  const ids = [clients.confidential, clients.spa, clients.machine].map((c) => c.clientId);
  const uris = [clients.confidential, clients.spa, clients.machine].flatMap((c) => c.redirectUris);
  const [uri] = clients.confidential.redirectUris;
  return {
    response_type: fc.constantFrom('code', 'code', 'token', 'code token', 'CODE', 'code ', ''),
    client_id: fc.oneof(
      { arbitrary: fc.constantFrom(...ids), weight: 6 },
      {
        arbitrary: fc.constantFrom(
          'unknown',
          `${ids[0]}x`,
          ids[0].toUpperCase(),
          ` ${ids[0]}`,
          '',
          '\u0000',
          `${ids[0]}\u0000`,
          'x'.repeat(300),
        ),
        weight: 2,
      },
      { arbitrary: fuzzText, weight: 1 },
    ),
    redirect_uri: fc.oneof(
      { arbitrary: fc.constantFrom(...uris), weight: 6 },
      {
        arbitrary: fc.constantFrom(
          `${uri}/`,
          `${uri}?x=1`,
          `${uri}#f`,
          uri.toUpperCase(),
          uri.replace('https', 'http'),
          uri.replace('client.example', 'evil.example'),
          `${uri}%2F..`,
          `${uri}/../cb`,
          'javascript:alert(1)',
          'https://evil.example/cb',
          '/cb',
          '',
        ),
        weight: 3,
      },
      { arbitrary: fuzzText, weight: 1 },
    ),
    scope: fc.constantFrom(
      'email',
      'email first_name',
      'last_name',
      'nope',
      'email"',
      'email\\',
      '',
      ' email ',
    ),
    state: fuzzText,
    code_challenge: fc.oneof(
      { arbitrary: fc.constant(s256('fuzz-verifier-'.repeat(4))), weight: 4 },
      { arbitrary: fc.constantFrom('short', 'a'.repeat(129), `${'a'.repeat(42)}+`, ''), weight: 1 },
      { arbitrary: fuzzText, weight: 1 },
    ),
    code_challenge_method: fc.constantFrom('S256', 'S256', 'plain', 's256', 'S512', ''),
  };
}

/**
 * Authorization requests that start from a valid one for one of the clients and change it: each parameter kept,
 * dropped, or replaced by a good or bad value of its kind (registered and near-miss redirect URIs, known and unknown
 * clients, broken PKCE and scope), plus repeated and unknown parameters, in a query string that is sometimes badly
 * encoded; mostly GET, sometimes HEAD, POST (without the CSRF token) or another method.
 */
export function authorizeCase(clients: AuthorizeClients): fc.Arbitrary<AuthorizeCase> {
  const byName = values(clients);
  const valid = s256('fuzz-verifier-'.repeat(4));
  const param = (name: string, good: fc.Arbitrary<string>) =>
    fc.oneof(
      { arbitrary: good.map((value): [string, string][] => [[name, value]]), weight: 6 },
      { arbitrary: byName[name].map((value): [string, string][] => [[name, value]]), weight: 2 },
      { arbitrary: fc.constant<[string, string][]>([]), weight: 1 },
      {
        arbitrary: fc.tuple(good, byName[name]).map(([first, second]): [string, string][] => [
          [name, first],
          [name, second],
        ]),
        weight: 1,
      },
    );
  const request = fc
    .constantFrom(clients.confidential, clients.spa, clients.machine)
    .chain((client) =>
      fc
        .tuple(
          param('response_type', fc.constant('code')),
          param('client_id', fc.constant(client.clientId)),
          param('redirect_uri', fc.constantFrom(...client.redirectUris)),
          param('scope', fc.constantFrom('email', 'email first_name')),
          param('state', fuzzText),
          param('code_challenge', fc.constant(valid)),
          param('code_challenge_method', fc.constant('S256')),
          fc.array(fc.tuple(fc.constantFrom(...UNKNOWN_NAMES), fuzzText), { maxLength: 2 }),
        )
        .map((groups) => groups.flat().map(([n, v]): [string, string] => [n, wellFormed(v)])),
    );
  return fc.record({
    method: fc.oneof(
      { arbitrary: fc.constant('GET'), weight: 12 },
      { arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'DELETE'), weight: 2 },
    ),
    query: queryString(request),
    body: fc.option(
      request.map((list) => new URLSearchParams(list).toString()),
      { nil: undefined },
    ),
  });
}
