import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DOCS_JSON_PATH, DOCS_PATH } from '../../sample-app/openapi/openapi-docs.js';
import { PLATFORMS, startSampleApp } from './support/documented-app.js';
import { mountedRoutes } from './support/mounted-routes.js';
import {
  duplicateOperationIds,
  isEndpoint,
  openApiErrors,
  undocumentedRoutes,
  type CheckedDocument,
} from './support/openapi-checks.js';

type Operation = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(PLATFORMS)('the sample app’s OpenAPI document and Swagger UI on %s', (platform) => {
  let app: INestApplication;
  let close: () => Promise<void>;
  let document: CheckedDocument & { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    ({ app, close } = await startSampleApp(platform, 'http://127.0.0.1:3000'));
    const res = await request(app.getHttpServer()).get(`/${DOCS_JSON_PATH}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    document = res.body;
  });
  afterAll(() => close?.());

  it('is a valid OpenAPI 3 document with unique operation ids', async () => {
    expect(await openApiErrors(document)).toEqual([]);
    expect(duplicateOperationIds(document)).toEqual([]);
  });

  it('documents every route the app mounts', async () => {
    const routes = (await mountedRoutes(app)).filter(isEndpoint(DOCS_PATH));
    expect(routes.map((route) => route.path)).toEqual(
      expect.arrayContaining(['/oauth2/token', '/token', '/health', '/api/email']),
    );
    expect(undocumentedRoutes(routes, document)).toEqual([]);
  });

  it('describes each registration as mounted: the bearer one with every optional endpoint, the MAC one bare', () => {
    const paths = document.paths;
    const grantTypes = (path: string) =>
      paths[path].post.requestBody.content['application/x-www-form-urlencoded'].schema.properties
        .grant_type.enum;
    expect(Object.keys(paths['/oauth2/token'])).toEqual(['post']);
    expect(grantTypes('/oauth2/token')).toEqual([
      'authorization_code',
      'refresh_token',
      'password',
      'client_credentials',
    ]);
    expect(grantTypes('/token')).toEqual(['authorization_code', 'password', 'client_credentials']);
    expect(paths['/token'].post.responses['200'].content['application/json'].example).toMatchObject(
      { token_type: 'mac', mac_algorithm: 'hmac-sha-256' },
    );
    expect(paths['/oauth2/revoke'].post.operationId).toBeDefined();
    expect(paths['/oauth2/introspect'].post.operationId).toBeDefined();
    expect(paths['/.well-known/oauth-authorization-server'].get.operationId).toBeDefined();
    // The module documents the authorization page's GET; its consent form's POST stays the app's own.
    expect(paths['/oauth2/authorize'].get.parameters.map((p: Operation) => p.name)).toContain(
      'code_challenge',
    );
    expect(paths['/oauth2/authorize'].post.operationId).toBe('AuthorizeController_decide');
    expect(paths['/api/email'].get.security).toEqual(
      expect.arrayContaining([{ bearer: [] }, { mac: [] }]),
    );
  });

  it('serves Swagger UI at /docs with its scripts, styles and the document', async () => {
    const http = request(app.getHttpServer());
    const page = await http.get(`/${DOCS_PATH}`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const assets = [...page.text.matchAll(/(?:src|href)="\.\/([^"]+\.(?:js|css))"/g)].map(
      (match) => `/${match[1]}`,
    );
    expect(assets).toEqual(
      expect.arrayContaining([
        `/${DOCS_PATH}/swagger-ui-bundle.js`,
        `/${DOCS_PATH}/swagger-ui.css`,
        `/${DOCS_PATH}/swagger-ui-init.js`,
      ]),
    );
    for (const asset of assets) {
      const res = await http.get(asset).expect(200);
      expect(res.headers['content-type']).toMatch(/javascript|css/);
    }
    const init = await http.get(`/${DOCS_PATH}/swagger-ui-init.js`);
    expect(init.text).toContain('"/oauth2/token"');
  });
});
