import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { addOAuth2OpenApi } from 'nestjs-oauth2-token';
import { ApiModule } from '../api/api.module.js';
import { AppModule } from '../app.module.js';
import { AuthorizationModule } from '../authorization/authorization.module.js';

/** Route of Swagger UI. */
export const DOCS_PATH = 'docs';
/** Route of the OpenAPI document (JSON). */
export const DOCS_JSON_PATH = 'docs-json';

/**
 * Swagger UI at `/docs` and the OpenAPI document at `/docs-json`: `@nestjs/swagger` scans the sample's own modules
 * (`/api/*`, `/health`, the authorization page), `addOAuth2OpenApi` adds the endpoints the OAuth 2.0 registrations
 * mount. Built on the first request, once every route is known. Call before `app.init()` (Fastify registers the
 * UI's static files as a plugin).
 */
export function serveOpenApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('nestjs-oauth2-token sample app')
    .setDescription(
      'Two token endpoints (bearer and MAC), the authorization page and a protected API.',
    )
    .build();
  const document = () =>
    addOAuth2OpenApi(
      SwaggerModule.createDocument(app, config, {
        include: [AppModule, ApiModule, AuthorizationModule],
      }),
      app,
    );
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: DOCS_JSON_PATH });
}
