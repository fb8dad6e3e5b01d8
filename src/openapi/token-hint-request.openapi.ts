import { CLIENT_PARAMETERS } from './token-grants.openapi.js';
import type { OpenApiObject } from './openapi-object.js';

/** The form of RFC 7009 §2.1 and RFC 7662 §2.1: a token, a hint of its kind, and the client's parameters. */
export function tokenHintRequestSchema(description: string): OpenApiObject {
  return {
    type: 'object',
    description,
    required: ['token'],
    properties: {
      token: { type: 'string', description: 'An access token or a refresh token.' },
      token_type_hint: {
        type: 'string',
        enum: ['access_token', 'refresh_token'],
        description: 'Which kind is looked up first; the other is looked up too.',
      },
      ...CLIENT_PARAMETERS,
    },
  };
}
