import { errorResponses, SERVER_ERRORS } from './oauth2-errors.openapi.js';
import {
  OAUTH2_TAG,
  operationId,
  schemaRef,
  type OpenApiEndpoint,
  type OpenApiObject,
} from './openapi-object.js';

/** `GET /.well-known/jwks.json[issuer path]`: the JWT access tokens' public keys, mounted when `issuer` is set. */
export function jwksEndpoint(issuer: string): OpenApiEndpoint {
  const path = `/.well-known/jwks.json${new URL(issuer).pathname.replace(/\/+$/, '')}`;
  return {
    path,
    ownsPath: true,
    schemas: { OAuth2JwkSet: jwkSetSchema() },
    operations: {
      get: {
        tags: [OAUTH2_TAG],
        operationId: operationId('jwks', path),
        summary: 'JWT access-token signing keys (RFC 7517 JWK Set)',
        description:
          'The public keys of `signingKeys`, to verify RFC 9068 access tokens; empty without signing keys.',
        security: [],
        responses: {
          200: {
            description: 'The JWK Set.',
            headers: {
              'Cache-Control': {
                description: 'Cacheable for five minutes.',
                schema: { type: 'string', example: 'public, max-age=300' },
              },
            },
            content: { 'application/jwk-set+json': { schema: schemaRef('OAuth2JwkSet') } },
          },
          ...errorResponses(SERVER_ERRORS),
        },
      },
    },
  };
}

function jwkSetSchema(): OpenApiObject {
  return {
    type: 'object',
    required: ['keys'],
    properties: {
      keys: {
        type: 'array',
        items: {
          type: 'object',
          description: 'A public JWK with `kid`, `alg` and `use: sig`; never a private member.',
          required: ['kty', 'kid', 'alg'],
          properties: {
            kty: { type: 'string' },
            kid: { type: 'string' },
            alg: { type: 'string', enum: ['ES256', 'EdDSA', 'RS256'] },
            use: { type: 'string', enum: ['sig'] },
          },
          additionalProperties: true,
        },
      },
    },
  };
}
