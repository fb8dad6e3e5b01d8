import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oauth2Endpoints, withEndpoints } from './add-oauth2-openapi.js';
import type { OAuth2Registration } from './oauth2-registration.js';

const registration: OAuth2Registration = {
  routes: { token: 'oauth2/token', authorization: 'oauth2/authorize' },
  grantTypes: ['authorization_code', 'client_credentials'],
  tokenType: 'bearer',
  refreshable: true,
  allowPlainPkce: false,
  dpop: false,
};

/** What a Swagger scan of the whole app makes of the module's every-method route, next to the app's own. */
const scanned = () => ({
  openapi: '3.0.0',
  info: { title: 'app', version: '1' },
  paths: {
    '/oauth2/token': { get: { responses: {} }, post: { responses: {} }, delete: { responses: {} } },
    '/oauth2/authorize': {
      get: { responses: {} },
      post: { operationId: 'consent', responses: {} },
    },
    '/health': { get: { operationId: 'health', responses: {} } },
  },
  components: {
    schemas: { Health: { type: 'object' } },
    securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Key' } },
  },
  tags: [{ name: 'health' }],
});

describe('withEndpoints', () => {
  const merged = withEndpoints(scanned(), oauth2Endpoints(registration));

  it('replaces what a scan made of the module’s own routes with their single documented operation', () => {
    expect(Object.keys(merged.paths['/oauth2/token'])).toEqual(['post']);
  });

  it('sets only the GET of the app’s authorization page and keeps the app’s other operations and paths', () => {
    const page = merged.paths['/oauth2/authorize'];
    expect(page.get).toMatchObject({ operationId: 'oauth2_authorize_oauth2_authorize' });
    expect(page.post).toEqual({ operationId: 'consent', responses: {} });
    expect(merged.paths['/health']).toEqual(scanned().paths['/health']);
  });

  it('adds its schemas, security schemes and tag next to the app’s, once however often it runs', () => {
    const twice = withEndpoints(merged, oauth2Endpoints(registration));
    expect(Object.keys(twice.components.schemas)).toEqual(
      expect.arrayContaining(['Health', 'OAuth2Error', 'OAuth2TokenResponse']),
    );
    expect(Object.keys(twice.components.securitySchemes)).toEqual([
      'apiKey',
      'client_secret_basic',
      'bearer',
      'mac',
    ]);
    expect(twice.tags.map((tag) => tag.name)).toEqual(['health', 'OAuth 2.0']);
  });

  it('leaves the given document unchanged', () => {
    const document = scanned();
    withEndpoints(document, oauth2Endpoints(registration));
    expect(document).toEqual(scanned());
  });
});

describe('the library and @nestjs/swagger', () => {
  it('never imports it: the document is a plain object, so apps without Swagger load nothing of it', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return sources(path);
        return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
      });
    const importing = sources('src').filter((file) =>
      readFileSync(file, 'utf8').includes("'@nestjs/swagger'"),
    );
    expect(importing).toEqual([]);
  });
});
