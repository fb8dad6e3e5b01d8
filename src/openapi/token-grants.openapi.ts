import type { OpenApiObject } from './openapi-object.js';

const string = (description: string): OpenApiObject => ({ type: 'string', description });

/** The client parameters every form endpoint accepts in the body (RFC 6749 §2.3.1). */
export const CLIENT_PARAMETERS: Record<string, OpenApiObject> = {
  client_id: string(
    'The client identifier: with client_secret (client_secret_post), alone for a public client, or repeating the HTTP Basic one.',
  ),
  client_secret: string('The client secret (client_secret_post); never together with HTTP Basic.'),
  client_assertion_type: string(
    'urn:ietf:params:oauth:client-assertion-type:jwt-bearer, with client_assertion (private_key_jwt, RFC 7523 §2.2).',
  ),
  client_assertion: string(
    "A JWT signed with one of the client's registered keys: iss and sub the client_id, aud the issuer or this endpoint's URL, a single-use jti, exp at most 5 minutes ahead.",
  ),
};

const scope = string(
  'Space-delimited scope values (RFC 6749 §3.3); each a registered AccessRange.',
);

const resource: OpenApiObject = {
  ...string(
    'RFC 8707: the resource server the token is for (its audience); one the client may ask for. A refresh without it keeps the previous audience.',
  ),
  format: 'uri',
};

interface BuiltInGrant {
  required: string[];
  properties: Record<string, OpenApiObject>;
  /** A request with the RFC's example values. */
  example: Record<string, string>;
}

/** Each built-in grant's own parameters (RFC 6749 §4, RFC 7636 §4.5), keyed by grant type. */
const BUILT_IN_GRANTS: Record<string, BuiltInGrant> = {
  authorization_code: {
    example: {
      code: 'SplxlOBeZQQYbYS6WxSbIA',
      redirect_uri: 'https://client.example.com/cb',
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    },
    required: ['code'],
    properties: {
      code: string('The authorization code; it succeeds exactly once.'),
      redirect_uri: {
        ...string('Required when the authorization request had one, and then exactly equal to it.'),
        format: 'uri',
      },
      code_verifier: {
        ...string('The PKCE verifier (RFC 7636), when the code was issued with a challenge.'),
        pattern: '^[A-Za-z0-9\\-._~]{43,128}$',
      },
    },
  },
  refresh_token: {
    example: { refresh_token: 'tGzv3JOkF0XG5Qx2TlKWIA' },
    required: ['refresh_token'],
    properties: {
      refresh_token: string(
        'The refresh token; it is rotated, and presenting a retired one revokes its chain.',
      ),
      scope: { ...scope, description: 'A narrower scope for the new access token.' },
    },
  },
  password: {
    example: { username: 'johndoe', password: 'A3ddj3w' },
    required: ['password'],
    properties: {
      username: string('The resource owner’s user name (or send `email`).'),
      email: string('The resource owner’s e-mail address, instead of `username`.'),
      password: { ...string('The resource owner’s password.'), format: 'password' },
      scope,
    },
  },
  client_credentials: { example: { scope: 'email' }, required: [], properties: { scope } },
};

const EXTENSION_GRANT = 'OAuth2ExtensionGrantRequest';

/** The schema name of a grant's request: one per built-in grant, one shared by extension grants. */
export function grantSchemaName(grantType: string): string {
  if (!(grantType in BUILT_IN_GRANTS)) return EXTENSION_GRANT;
  const words = grantType.split('_').map((word) => word[0].toUpperCase() + word.slice(1));
  return `OAuth2${words.join('')}Request`;
}

/** A grant's parameters, the resource indicator and client parameters included. */
export function grantProperties(grantType: string): Record<string, OpenApiObject> {
  return { ...BUILT_IN_GRANTS[grantType]?.properties, resource, ...CLIENT_PARAMETERS };
}

/** The request schema of each grant type in `grantTypes`, by schema name. */
export function grantSchemas(grantTypes: readonly string[]): Record<string, OpenApiObject> {
  return Object.fromEntries(
    grantTypes.map((grantType) => [grantSchemaName(grantType), grantSchema(grantType)]),
  );
}

function grantSchema(grantType: string): OpenApiObject {
  const grant = BUILT_IN_GRANTS[grantType];
  if (!grant) {
    return {
      type: 'object',
      description: 'An extension grant (RFC 6749 §4.5): its parameters are its own.',
      required: ['grant_type'],
      properties: {
        grant_type: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9+.-]*:\\S+$' },
        resource,
        ...CLIENT_PARAMETERS,
      },
      additionalProperties: { type: 'string' },
    };
  }
  return {
    type: 'object',
    required: ['grant_type', ...grant.required],
    properties: {
      grant_type: { type: 'string', enum: [grantType] },
      ...grantProperties(grantType),
    },
  };
}

/** One example request per built-in grant in `grantTypes`, keyed by grant type. */
export function grantExamples(grantTypes: readonly string[]): Record<string, OpenApiObject> {
  return Object.fromEntries(
    grantTypes
      .filter((grantType) => grantType in BUILT_IN_GRANTS)
      .map((grantType) => [
        grantType,
        { value: { grant_type: grantType, ...BUILT_IN_GRANTS[grantType].example } },
      ]),
  );
}
