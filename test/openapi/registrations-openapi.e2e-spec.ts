import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Injectable, Module, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import {
  addOAuth2OpenApi,
  InvalidGrant,
  OAuth2TokenModule,
  type OAuth2Grant,
  type PreparedGrant,
} from 'nestjs-oauth2-token';
import { PLATFORMS, startDocumentedApp, TEST_DOCS_PATH } from './support/documented-app.js';
import { mountedRoutes } from './support/mounted-routes.js';
import {
  duplicateOperationIds,
  isEndpoint,
  openApiErrors,
  undocumentedRoutes,
} from './support/openapi-checks.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXTENSION_GRANT = 'urn:example:params:oauth:grant-type:demo';

@Injectable()
class DemoExtensionGrant implements OAuth2Grant {
  readonly grantType = EXTENSION_GRANT;
  async validate(): Promise<PreparedGrant> {
    throw new InvalidGrant('Not in this test');
  }
}

/** The app's own authorization page, which the `authorizationPath` setting names. */
@Controller('authorize')
class AuthorizePageController {
  @Get()
  show(): string {
    return 'sign in';
  }
}

@Module({ controllers: [AuthorizePageController] })
class AuthorizePageModule {}

/** Only the module's endpoints: the document starts empty, so nothing but `addOAuth2OpenApi` describes them. */
const emptyDocument = (openapi: string) => (): OpenAPIObject => ({
  openapi,
  info: { title: 'OAuth2 test app', version: '1' },
  paths: {},
});

/** What `SwaggerModule` makes of the whole app, the module's controllers included. */
const scannedDocument = (app: INestApplication): OpenAPIObject =>
  SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('OAuth2 test app').build());

const tokenForm = (document: Json) =>
  document.paths['/oauth2/token'].post.requestBody.content['application/x-www-form-urlencoded']
    .schema;

const scenarios = [
  {
    name: 'only a token endpoint',
    openapi: '3.0.3',
    base: emptyDocument('3.0.3'),
    imports: [OAuth2TokenModule.forRoot({ path: 'oauth2/token' })],
    describes(document: Json) {
      expect(Object.keys(document.paths)).toEqual(['/oauth2/token']);
      // No ResourceOwnerAuthenticator: no password grant.
      expect(tokenForm(document).properties.grant_type.enum).toEqual([
        'authorization_code',
        'refresh_token',
        'client_credentials',
      ]);
      expect(Object.keys(document.components.schemas)).not.toContain('OAuth2IntrospectionResponse');
      expect(Object.keys(document.components.securitySchemes)).toEqual([
        'client_secret_basic',
        'bearer',
        'mac',
      ]);
    },
  },
  {
    name: 'every optional endpoint (forRootAsync, an issuer with a path, an extension grant)',
    openapi: '3.1.0',
    base: emptyDocument('3.1.0'),
    imports: [
      AuthorizePageModule,
      OAuth2TokenModule.forRootAsync({
        useFactory: () => ({ allowPlainPkce: true, dpop: true }),
        path: 'oauth2/token',
        revocationPath: 'oauth2/revoke',
        introspectionPath: 'oauth2/introspect',
        authorizationPath: 'authorize',
        issuer: 'https://auth.example.com/tenant',
        grants: [DemoExtensionGrant],
      }),
    ],
    describes(document: Json) {
      const form = tokenForm(document);
      expect(form.properties.grant_type.enum).toContain(EXTENSION_GRANT);
      expect(form.discriminator.mapping[EXTENSION_GRANT]).toBe(
        '#/components/schemas/OAuth2ExtensionGrantRequest',
      );
      const challengeMethod = document.paths['/authorize'].get.parameters.find(
        (parameter: Json) => parameter.name === 'code_challenge_method',
      );
      expect(challengeMethod.schema.enum).toEqual(['S256', 'plain']);
      // dpop: the DPoP scheme and the token request's optional proof header.
      expect(document.components.securitySchemes.dpop).toMatchObject({
        type: 'http',
        scheme: 'DPoP',
      });
      expect(document.paths['/oauth2/token'].post.parameters).toEqual([
        expect.objectContaining({ name: 'DPoP', in: 'header', required: false }),
      ]);
      expect(Object.keys(document.paths).sort()).toEqual([
        '/.well-known/jwks.json/tenant',
        '/.well-known/oauth-authorization-server/tenant',
        '/authorize',
        '/oauth2/introspect',
        '/oauth2/revoke',
        '/oauth2/token',
      ]);
    },
  },
  {
    name: 'a Swagger scan of the whole app, whose every-method routes the helper replaces',
    openapi: '3.0.0',
    base: scannedDocument,
    imports: [
      AuthorizePageModule,
      OAuth2TokenModule.forRoot({
        revocationPath: 'oauth2/revoke',
        authorizationPath: 'authorize',
        issuer: 'https://auth.example.com',
      }),
    ],
    describes(document: Json) {
      expect(Object.keys(document.paths['/oauth2/token'])).toEqual(['post']);
      expect(Object.keys(document.paths['/oauth2/revoke'])).toEqual(['post']);
      expect(document.paths['/authorize'].get.operationId).toBe('oauth2_authorize_authorize');
      expect(document.paths['/.well-known/oauth-authorization-server'].get.summary).toMatch(
        /RFC 8414/,
      );
    },
  },
];

describe.each(PLATFORMS)('addOAuth2OpenApi on %s', (platform) => {
  describe.each(scenarios)('with $name', ({ openapi, base, imports, describes }) => {
    let app: INestApplication;
    let document: OpenAPIObject & { paths: Record<string, Json> };

    beforeAll(async () => {
      app = await startDocumentedApp(platform, imports, (created) =>
        addOAuth2OpenApi(base(created), created),
      );
      document = (await request(app.getHttpServer()).get(`/${TEST_DOCS_PATH}-json`).expect(200))
        .body;
    });
    afterAll(() => app?.close());

    it('serves a valid OpenAPI document of that version', async () => {
      expect(document.openapi).toBe(openapi);
      expect(await openApiErrors(document)).toEqual([]);
      expect(duplicateOperationIds(document)).toEqual([]);
    });

    it('documents every route the app mounts, and no other path', async () => {
      const routes = (await mountedRoutes(app)).filter(isEndpoint(TEST_DOCS_PATH));
      expect(undocumentedRoutes(routes, document)).toEqual([]);
      expect(Object.keys(document.paths).sort()).toEqual(routes.map((route) => route.path).sort());
    });

    it('describes the registration as configured', () => describes(document));
  });
});
