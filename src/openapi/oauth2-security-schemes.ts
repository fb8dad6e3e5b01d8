import type { OpenApiObject } from './openapi-object.js';

/** Names of the security schemes `addOAuth2OpenApi` adds, for the app's own routes to reference. */
export const OAUTH2_SECURITY_SCHEMES = {
  /** HTTP Basic client authentication at the token, revocation and introspection endpoints. */
  clientSecretBasic: 'client_secret_basic',
  /** RFC 6750 bearer tokens, as `OAuth2Guard` accepts them. */
  bearer: 'bearer',
  /** draft-ietf-oauth-v2-http-mac tokens, as `OAuth2Guard` accepts them. */
  mac: 'mac',
  /** RFC 9449 DPoP-bound tokens, as `OAuth2Guard` accepts them with `DPOP` among its methods. */
  dpop: 'dpop',
} as const;

/** The three schemes. OpenAPI has no MAC scheme, so MAC is the `Authorization` header described in words. */
export function securitySchemes(): Record<string, OpenApiObject> {
  return {
    [OAUTH2_SECURITY_SCHEMES.clientSecretBasic]: {
      type: 'http',
      scheme: 'basic',
      description:
        'client_secret_basic (RFC 6749 §2.3.1): the client id and secret, each form-urlencoded, as the user name and password.',
    },
    [OAUTH2_SECURITY_SCHEMES.bearer]: {
      type: 'http',
      scheme: 'bearer',
      description: 'An access token of a bearer token endpoint (RFC 6750 §2.1).',
    },
    [OAUTH2_SECURITY_SCHEMES.mac]: {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description:
        'A MAC token (draft-ietf-oauth-v2-http-mac-01): `MAC id="<access_token>", nonce="<age>:<random>", ' +
        '[bodyhash="<base64 SHA-256 of the body>", ][ext="<text>", ]mac="<base64 HMAC-SHA-256 with mac_key>"`, signed ' +
        'anew for each request (see docs/resource-server.md). OpenAPI has no MAC scheme: this documents the header, ' +
        'and tools cannot sign it.',
    },
  };
}

/** The DPoP scheme (RFC 9449 §7.1), added where a registration binds tokens to DPoP keys. */
export function dpopSecurityScheme(): Record<string, OpenApiObject> {
  return {
    [OAUTH2_SECURITY_SCHEMES.dpop]: {
      type: 'http',
      scheme: 'DPoP',
      description:
        'A DPoP-bound access token (RFC 9449 §7.1): `Authorization: DPoP <access_token>` plus a `DPoP` header holding ' +
        'a proof JWT signed anew for each request by the key the token is bound to (htm, htu, iat, jti, ath). ' +
        'Tools cannot sign the proof: see docs/dpop.md.',
    },
  };
}

/**
 * Client authentication at a form endpoint: HTTP Basic, or no HTTP authentication at all — `client_id` and
 * `client_secret` in the body (client_secret_post), or a public client's bare `client_id`.
 */
export const CLIENT_AUTHENTICATION: OpenApiObject[] = [
  { [OAUTH2_SECURITY_SCHEMES.clientSecretBasic]: [] },
  {},
];
