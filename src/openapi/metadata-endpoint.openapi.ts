import { errorResponses, noStoreHeaders, SERVER_ERRORS } from './oauth2-errors.openapi.js';
import {
  OAUTH2_TAG,
  operationId,
  schemaRef,
  type OpenApiEndpoint,
  type OpenApiObject,
} from './openapi-object.js';

/** `GET /.well-known/oauth-authorization-server[issuer path]` (RFC 8414 §3), mounted when `issuer` is set. */
export function metadataEndpoint(issuer: string): OpenApiEndpoint {
  const path = `/.well-known/oauth-authorization-server${new URL(issuer).pathname.replace(/\/+$/, '')}`;
  return {
    path,
    ownsPath: true,
    schemas: { OAuth2AuthorizationServerMetadata: metadataSchema() },
    operations: {
      get: {
        tags: [OAUTH2_TAG],
        operationId: operationId('metadata', path),
        summary: 'Authorization server metadata (RFC 8414)',
        description: `The issuer \`${issuer}\`, the endpoints this registration mounts and what they support.`,
        security: [],
        responses: {
          200: {
            description: 'The metadata.',
            headers: noStoreHeaders(),
            content: {
              'application/json': { schema: schemaRef('OAuth2AuthorizationServerMetadata') },
            },
          },
          ...errorResponses(SERVER_ERRORS),
        },
      },
    },
  };
}

function metadataSchema(): OpenApiObject {
  const url = { type: 'string', format: 'uri' };
  const list = { type: 'array', items: { type: 'string' } };
  return {
    type: 'object',
    description: 'RFC 8414 §2: only the members that apply to this registration are present.',
    required: ['issuer', 'token_endpoint', 'response_types_supported'],
    properties: {
      issuer: url,
      authorization_endpoint: url,
      token_endpoint: url,
      jwks_uri: url,
      revocation_endpoint: url,
      introspection_endpoint: url,
      grant_types_supported: list,
      response_types_supported: list,
      response_modes_supported: list,
      scopes_supported: list,
      token_endpoint_auth_methods_supported: list,
      revocation_endpoint_auth_methods_supported: list,
      introspection_endpoint_auth_methods_supported: list,
      code_challenge_methods_supported: list,
      authorization_response_iss_parameter_supported: { type: 'boolean' },
    },
  };
}
