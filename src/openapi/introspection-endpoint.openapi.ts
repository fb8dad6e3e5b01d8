import { errorResponses, FORM_ENDPOINT_ERRORS, noStoreHeaders } from './oauth2-errors.openapi.js';
import { CLIENT_AUTHENTICATION } from './oauth2-security-schemes.js';
import {
  OAUTH2_TAG,
  openApiPath,
  operationId,
  schemaRef,
  tokenTypeSchema,
  type OpenApiEndpoint,
  type OpenApiObject,
} from './openapi-object.js';
import { tokenHintRequestSchema } from './token-hint-request.openapi.js';

/** `POST <introspectionPath>` (RFC 7662), for confidential clients. */
export function introspectionEndpoint(route: string): OpenApiEndpoint {
  const path = openApiPath(route);
  return {
    path,
    ownsPath: true,
    schemas: {
      OAuth2IntrospectionRequest: tokenHintRequestSchema('RFC 7662 §2.1'),
      OAuth2IntrospectionResponse: introspectionResponseSchema(),
    },
    operations: {
      post: {
        tags: [OAUTH2_TAG],
        operationId: operationId('introspect', path),
        summary: 'Token introspection (RFC 7662)',
        description:
          'Describes a token to an authenticated confidential client (public clients get 401): its own tokens, or ' +
          'every client’s when it is registered as a resource server. Any method but POST answers 405.',
        security: CLIENT_AUTHENTICATION,
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: schemaRef('OAuth2IntrospectionRequest'),
            },
          },
        },
        responses: {
          200: {
            description:
              'The token’s state; anything not valid now, or not the client’s to see, is `{"active": false}`.',
            headers: noStoreHeaders(),
            content: { 'application/json': { schema: schemaRef('OAuth2IntrospectionResponse') } },
          },
          ...errorResponses(FORM_ENDPOINT_ERRORS),
        },
      },
    },
  };
}

function introspectionResponseSchema(): OpenApiObject {
  return {
    type: 'object',
    description: 'RFC 7662 §2.2; only `active` when the token is not active.',
    required: ['active'],
    properties: {
      active: { type: 'boolean' },
      scope: { type: 'string' },
      client_id: { type: 'string' },
      sub: { type: 'string', description: 'The resource owner; absent for a client’s own token.' },
      aud: {
        type: 'string',
        description:
          'The RFC 8707 resource an access token was issued for; absent when none was named.',
      },
      token_type: tokenTypeSchema('For access tokens only.'),
      exp: { type: 'integer', description: 'Expiry, in seconds since the epoch.' },
      cnf: {
        type: 'object',
        description: 'RFC 9449 §6.2: the DPoP key thumbprint a bound access token needs (`jkt`).',
        properties: { jkt: { type: 'string' } },
      },
      iat: { type: 'integer', description: 'Issue time, in seconds since the epoch.' },
    },
  };
}
