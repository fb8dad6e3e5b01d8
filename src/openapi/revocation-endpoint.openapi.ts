import { errorResponses, FORM_ENDPOINT_ERRORS, noStoreHeaders } from './oauth2-errors.openapi.js';
import { CLIENT_AUTHENTICATION } from './oauth2-security-schemes.js';
import {
  OAUTH2_TAG,
  openApiPath,
  operationId,
  schemaRef,
  type OpenApiEndpoint,
} from './openapi-object.js';
import { tokenHintRequestSchema } from './token-hint-request.openapi.js';

/** `POST <revocationPath>` (RFC 7009). */
export function revocationEndpoint(route: string): OpenApiEndpoint {
  const path = openApiPath(route);
  return {
    path,
    ownsPath: true,
    schemas: { OAuth2RevocationRequest: tokenHintRequestSchema('RFC 7009 §2.1') },
    operations: {
      post: {
        tags: [OAUTH2_TAG],
        operationId: operationId('revoke', path),
        summary: 'Token revocation (RFC 7009)',
        description:
          'Revokes a token of the authenticated client: a refresh token with its whole chain, an access token with ' +
          'the refresh token issued with it. Any method but POST answers 405 `invalid_request`.',
        security: CLIENT_AUTHENTICATION,
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': { schema: schemaRef('OAuth2RevocationRequest') },
          },
        },
        responses: {
          200: {
            description:
              'Revoked, or nothing to revoke: an unknown token and another client’s (which stays valid) answer alike.',
            headers: noStoreHeaders(),
            content: { 'application/json': { schema: { type: 'object', maxProperties: 0 } } },
          },
          ...errorResponses(FORM_ENDPOINT_ERRORS),
        },
      },
    },
  };
}
