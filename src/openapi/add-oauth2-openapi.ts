import type { INestApplicationContext } from '@nestjs/common';
import { authorizationEndpoint } from './authorization-endpoint.openapi.js';
import { introspectionEndpoint } from './introspection-endpoint.openapi.js';
import { jwksEndpoint } from './jwks-endpoint.openapi.js';
import { metadataEndpoint } from './metadata-endpoint.openapi.js';
import { errorSchemas } from './oauth2-errors.openapi.js';
import { findOAuth2Registrations, type OAuth2Registration } from './oauth2-registration.js';
import { securitySchemes } from './oauth2-security-schemes.js';
import {
  OAUTH2_TAG,
  type OpenApiDocumentLike,
  type OpenApiEndpoint,
  type OpenApiObject,
} from './openapi-object.js';
import { revocationEndpoint } from './revocation-endpoint.openapi.js';
import { tokenEndpoint } from './token-endpoint.openapi.js';

/**
 * A copy of `document` with the OAuth 2.0 endpoints every `OAuth2TokenModule` registration of `app` mounts: token,
 * and revocation, introspection, authorization, RFC 8414 metadata and the JWKS where set; with their schemas and the
 * `client_secret_basic`, `bearer` and `mac` security schemes (and `dpop` where a registration has `dpop`). Call it once
 * the app is created.
 * @example
 * const config = new DocumentBuilder().setTitle('My API').build();
 * SwaggerModule.setup('docs', app, () => addOAuth2OpenApi(SwaggerModule.createDocument(app, config), app));
 */
export function addOAuth2OpenApi<T extends OpenApiDocumentLike>(
  document: T,
  app: INestApplicationContext,
): T {
  return withEndpoints(document, findOAuth2Registrations(app).flatMap(oauth2Endpoints));
}

/** The endpoints one registration mounts (or, for the authorization page, names). */
export function oauth2Endpoints(registration: OAuth2Registration): OpenApiEndpoint[] {
  const { routes, issuer } = registration;
  return [
    tokenEndpoint(registration),
    ...(routes.revocation ? [revocationEndpoint(routes.revocation)] : []),
    ...(routes.introspection ? [introspectionEndpoint(routes.introspection)] : []),
    ...(routes.authorization ? [authorizationEndpoint(registration)] : []),
    ...(issuer === undefined ? [] : [metadataEndpoint(issuer), jwksEndpoint(issuer)]),
  ];
}

type Components = Record<string, Record<string, unknown> | undefined>;

/** `document` with `endpoints` merged in; the input is left unchanged. */
export function withEndpoints<T extends OpenApiDocumentLike>(
  document: T,
  endpoints: readonly OpenApiEndpoint[],
): T {
  const paths = { ...document.paths } as Record<string, OpenApiObject>;
  const components = { ...document.components } as Components;
  const schemas = { ...components.schemas, ...errorSchemas() };
  const schemes = { ...components.securitySchemes, ...securitySchemes() };
  for (const endpoint of endpoints) {
    paths[endpoint.path] = {
      ...(endpoint.ownsPath ? {} : paths[endpoint.path]),
      ...endpoint.operations,
    };
    Object.assign(schemas, endpoint.schemas);
    Object.assign(schemes, endpoint.securitySchemes);
  }
  const tags = (document.tags ?? []).filter(
    (tag) => (tag as { name?: string }).name !== OAUTH2_TAG,
  );
  return {
    ...document,
    paths,
    components: {
      ...components,
      schemas,
      securitySchemes: schemes,
    },
    tags: [
      ...tags,
      { name: OAUTH2_TAG, description: 'Authorization server (RFC 6749, 7009, 7662, 8414)' },
    ],
  };
}
