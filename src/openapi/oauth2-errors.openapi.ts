import {
  InvalidClient,
  InvalidGrant,
  InvalidRequest,
  InvalidScope,
  InvalidTarget,
  PayloadTooLarge,
  ServerError,
  TemporarilyUnavailable,
  TooManyFailures,
  UnauthorizedClient,
  UnsupportedGrantType,
  type AccessTokenException,
} from '../exceptions/index.js';
import { MAX_FORM_BYTES } from '../oauth2-token.constants.js';
import { schemaRef, type OpenApiObject } from './openapi-object.js';

/** An exception class of the library; its instances carry the RFC `error` code and the HTTP status. */
export type OAuth2ExceptionClass = new () => AccessTokenException;

/** Errors of every form endpoint: a malformed request or body, client authentication, and the server's own. */
export const FORM_ENDPOINT_ERRORS: OAuth2ExceptionClass[] = [
  InvalidRequest,
  InvalidClient,
  PayloadTooLarge,
  TooManyFailures,
  ServerError,
  TemporarilyUnavailable,
];

/** The token endpoint's errors: the form endpoint's, and the grant's, scope's and resource's. */
export const TOKEN_ENDPOINT_ERRORS: OAuth2ExceptionClass[] = [
  ...FORM_ENDPOINT_ERRORS,
  InvalidGrant,
  UnauthorizedClient,
  UnsupportedGrantType,
  InvalidScope,
  InvalidTarget,
];

/** Errors of a read-only endpoint whose only failure is the server's (the metadata). */
export const SERVER_ERRORS: OAuth2ExceptionClass[] = [ServerError, TemporarilyUnavailable];

const NO_STORE_HEADERS = {
  'Cache-Control': {
    description: 'Always `no-store` (RFC 6749 §5.1).',
    schema: { type: 'string' },
  },
  Pragma: { description: 'Always `no-cache`.', schema: { type: 'string' } },
};

const STATUS_DESCRIPTIONS: Record<number, string> = {
  400: 'The request was refused (RFC 6749 §5.2).',
  401: 'Client authentication failed: unknown client, wrong secret or no credentials.',
  413: `The form body is over ${MAX_FORM_BYTES / 1024} KiB.`,
  429: 'Too many failed authentications from this address (the brute-force limits): retry after `Retry-After` seconds.',
  500: 'An unexpected failure; the description is a fixed text and the cause is logged.',
  503: 'The database is unreachable or overloaded: retry after `Retry-After` seconds.',
};

const STATUS_HEADERS: Record<number, OpenApiObject> = {
  401: {
    'WWW-Authenticate': {
      description: '`Basic realm="<realm>"`, when the client sent an Authorization header.',
      schema: { type: 'string' },
    },
  },
  429: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
  503: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
};

/** The RFC 6749 §5.2 error body. */
export function errorSchemas(): Record<string, OpenApiObject> {
  const codes = new Set(TOKEN_ENDPOINT_ERRORS.map((exception) => new exception().error));
  return {
    OAuth2Error: {
      type: 'object',
      description:
        'An RFC 6749 §5.2 error. Descriptions are fixed texts: no request input is echoed.',
      required: ['error'],
      properties: {
        error: { type: 'string', enum: [...codes] },
        error_description: { type: 'string' },
        error_uri: { type: 'string', format: 'uri' },
      },
    },
  };
}

/** The error responses of `exceptions`, one per status, each naming the `error` codes it may carry. */
export function errorResponses(
  exceptions: readonly OAuth2ExceptionClass[],
): Record<string, OpenApiObject> {
  const codesByStatus = new Map<number, Set<string>>();
  for (const { error, status } of exceptions.map((exception) => new exception())) {
    codesByStatus.set(status, (codesByStatus.get(status) ?? new Set()).add(error));
  }
  const statuses = [...codesByStatus.keys()].sort((a, b) => a - b);
  return Object.fromEntries(
    statuses.map((status) => [status, errorResponse(status, [...codesByStatus.get(status)!])]),
  );
}

function errorResponse(status: number, codes: string[]): OpenApiObject {
  return {
    description: `${STATUS_DESCRIPTIONS[status] ?? 'An RFC 6749 §5.2 error.'} \`error\`: ${codes.join(', ')}.`,
    headers: { ...NO_STORE_HEADERS, ...STATUS_HEADERS[status] },
    content: {
      'application/json': {
        schema: {
          allOf: [schemaRef('OAuth2Error'), { properties: { error: { enum: codes } } }],
        },
        examples: Object.fromEntries(codes.map((error) => [error, { value: { error } }])),
      },
    },
  };
}

/** `Cache-Control: no-store` and `Pragma: no-cache`, sent with every token response and error. */
export function noStoreHeaders(): OpenApiObject {
  return { ...NO_STORE_HEADERS };
}
