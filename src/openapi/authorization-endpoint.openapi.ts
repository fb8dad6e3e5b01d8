import type { OAuth2Registration } from './oauth2-registration.js';
import { OAUTH2_TAG, openApiPath, operationId, type OpenApiEndpoint } from './openapi-object.js';

const query = (name: string, description: string, schema: object, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string', ...schema },
});

const HTML_PAGE = { 'text/html': { schema: { type: 'string' } } };

/**
 * `GET <authorizationPath>` (RFC 6749 §4.1.1, RFC 7636 §4.3): the app's own page built on `Authorizer`. Only its
 * GET is documented here; the app's other operations on the path (the consent form's POST) stay its own.
 */
export function authorizationEndpoint(registration: OAuth2Registration): OpenApiEndpoint {
  const path = openApiPath(registration.routes.authorization!);
  const challengeMethods = registration.allowPlainPkce ? ['S256', 'plain'] : ['S256'];
  return {
    path,
    ownsPath: false,
    schemas: {},
    operations: {
      get: {
        tags: [OAUTH2_TAG],
        operationId: operationId('authorize', path),
        summary: 'Authorization endpoint (RFC 6749 §4.1.1)',
        description:
          'Served by the app with `Authorizer`: it checks the request, then signs the user in and asks for consent.',
        security: [],
        parameters: [
          query('response_type', 'Only `code`.', { enum: ['code'] }, true),
          query('client_id', 'The client identifier.', {}, true),
          query(
            'redirect_uri',
            'Exactly one of the client’s registered URIs; may be omitted when it has exactly one.',
            { format: 'uri' },
          ),
          query('scope', 'Space-delimited scope values.', {}),
          query('state', 'Returned unchanged to the client (CSRF protection).', {}),
          query('code_challenge', 'PKCE challenge (RFC 7636); required of public clients.', {
            pattern: '^[A-Za-z0-9\\-._~]{43,128}$',
          }),
          query(
            'code_challenge_method',
            'PKCE method; absent with a challenge, it is `plain` (RFC 7636 §4.3), which needs `allowPlainPkce`.',
            { enum: challengeMethods },
          ),
        ],
        responses: {
          200: { description: 'The app’s sign-in and consent page.', content: HTML_PAGE },
          302: {
            description:
              'Back to the client’s redirect URI with `code`, `state` and `iss` — or with `error`, `error_description`, ' +
              '`state` and `iss` when the request is refused after the client and redirect URI were verified.',
            headers: {
              Location: {
                description: 'The redirect URI with the response.',
                schema: { type: 'string' },
              },
            },
          },
          400: {
            description:
              'Unknown client or unregistered redirect URI: shown to the user, never redirected.',
            content: HTML_PAGE,
          },
        },
      },
    },
  };
}
