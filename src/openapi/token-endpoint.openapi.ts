import type { OAuth2Registration } from './oauth2-registration.js';
import { errorResponses, noStoreHeaders, TOKEN_ENDPOINT_ERRORS } from './oauth2-errors.openapi.js';
import { CLIENT_AUTHENTICATION, dpopSecurityScheme } from './oauth2-security-schemes.js';
import {
  OAUTH2_TAG,
  openApiPath,
  operationId,
  schemaRef,
  tokenTypeSchema,
  type OpenApiEndpoint,
  type OpenApiObject,
} from './openapi-object.js';
import {
  grantExamples,
  grantProperties,
  grantSchemaName,
  grantSchemas,
} from './token-grants.openapi.js';

/** `POST <path>`: the token endpoint of one registration, with the grants it offers (RFC 6749 §3.2). */
export function tokenEndpoint(registration: OAuth2Registration): OpenApiEndpoint {
  const { grantTypes, tokenType, refreshable } = registration;
  const path = openApiPath(registration.routes.token);
  const tokens = `${tokenType === 'mac' ? 'MAC' : 'bearer'} tokens${refreshable ? ' with refresh tokens' : ''}`;
  return {
    path,
    ownsPath: true,
    schemas: { ...grantSchemas(grantTypes), OAuth2TokenResponse: tokenResponseSchema() },
    ...(registration.dpop && { securitySchemes: dpopSecurityScheme() }),
    operations: {
      post: {
        tags: [OAUTH2_TAG],
        operationId: operationId('token', path),
        summary: 'Token endpoint (RFC 6749 §3.2)',
        description:
          `Issues ${tokens}. Grants: ${grantTypes.join(', ')}. The body is read strictly: each parameter at most ` +
          'once, the query string never. Any method but POST answers 405 `invalid_request` with `Allow: POST`.',
        security: CLIENT_AUTHENTICATION,
        ...(registration.dpop && { parameters: [DPOP_PROOF_HEADER] }),
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: tokenRequestSchema(grantTypes),
              examples: grantExamples(grantTypes),
            },
          },
        },
        responses: {
          200: {
            description: `A token response (RFC 6749 §5.1): ${tokens}.`,
            headers: noStoreHeaders(),
            content: {
              'application/json': {
                schema: schemaRef('OAuth2TokenResponse'),
                example: tokenResponseExample(registration),
              },
            },
          },
          ...errorResponses(TOKEN_ENDPOINT_ERRORS),
        },
      },
    },
  };
}

/** The optional DPoP proof of a token request (RFC 9449 §5): the tokens are then bound to its key. */
const DPOP_PROOF_HEADER: OpenApiObject = {
  name: 'DPoP',
  in: 'header',
  required: false,
  description:
    'A DPoP proof JWT (RFC 9449 §4) for this request (htm POST, htu this URL): the tokens issued are bound to its key and `token_type` is `DPoP`.',
  schema: { type: 'string' },
};

/**
 * Every parameter of every offered grant in one form, as Swagger UI renders it, and the exact rules in one schema
 * per grant. Swagger UI fills each form field with a sample and sends it; an empty example leaves the fields the
 * chosen grant does not use empty, and the module takes an empty value as absent.
 */
function tokenRequestSchema(grantTypes: readonly string[]): OpenApiObject {
  const names = [...new Set(grantTypes.map(grantSchemaName))];
  const parameters: Record<string, OpenApiObject> = Object.assign(
    {},
    ...grantTypes.map(grantProperties),
  );
  return {
    type: 'object',
    required: ['grant_type'],
    properties: {
      grant_type: { type: 'string', enum: grantTypes },
      ...Object.fromEntries(
        Object.entries(parameters).map(([name, { pattern: _, ...schema }]) => [
          name,
          { ...schema, example: '' },
        ]),
      ),
    },
    oneOf: names.map(schemaRef),
    discriminator: {
      propertyName: 'grant_type',
      mapping: Object.fromEntries(
        grantTypes.map((type) => [type, `#/components/schemas/${grantSchemaName(type)}`]),
      ),
    },
  };
}

function tokenResponseSchema(): OpenApiObject {
  return {
    type: 'object',
    description: 'RFC 6749 §5.1; MAC token endpoints add `mac_key` and `mac_algorithm`.',
    required: ['access_token', 'token_type', 'expires_in'],
    properties: {
      access_token: { type: 'string' },
      token_type: tokenTypeSchema(
        '`DPoP` when a DPoP proof bound the token to its key (RFC 9449 §5).',
      ),
      expires_in: { type: 'integer', description: 'Lifetime of the access token in seconds.' },
      refresh_token: {
        type: 'string',
        description:
          'When the endpoint is refreshable and the grant allows one (never client_credentials).',
      },
      scope: { type: 'string', description: 'The token’s scope, sorted and space-joined.' },
      mac_key: { type: 'string', description: 'The MAC key, with `token_type` mac.' },
      mac_algorithm: { type: 'string', enum: ['hmac-sha-256'] },
    },
  };
}

function tokenResponseExample({ tokenType, refreshable }: OAuth2Registration): OpenApiObject {
  return {
    access_token: '2YotnFZFEjr1zCsicMWpAA',
    token_type: tokenType,
    expires_in: 3600,
    ...(refreshable && { refresh_token: 'tGzv3JOkF0XG5Qx2TlKWIA' }),
    scope: 'email',
    ...(tokenType === 'mac' && {
      mac_key: 'adijq39jdlaska9asud',
      mac_algorithm: 'hmac-sha-256',
    }),
  };
}
