import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  InvalidScope,
  OAuth2TokenModule,
  TokenGenerator,
  UnvalidatedRequest,
  type TokenRequest,
} from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { basic } from '../support/test-app.js';

describe('TokenGenerator used directly', () => {
  let t: E2eApp;
  let generator: TokenGenerator;
  let request: TokenRequest;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    generator = t.app.get(TokenGenerator);
    const { clientId, clientSecret } = await t.addClient();
    request = {
      params: { grant_type: 'client_credentials' },
      authorization: basic(clientId, clientSecret),
    };
  });
  afterAll(() => t.close());

  it('refuses a copy of a validated request (UnvalidatedRequest)', async () => {
    const validated = await generator.validate(request);
    await expect(generator.grantResponse({ ...validated })).rejects.toBeInstanceOf(
      UnvalidatedRequest,
    );
    const body = await generator.grantResponse(validated);
    expect(body).toMatchObject({ access_token: expect.any(String), token_type: 'bearer' });
  });

  it('answers a validated request once; the second call throws UnvalidatedRequest', async () => {
    const validated = await generator.validate(request);
    await expect(generator.grantResponse(validated)).resolves.toHaveProperty('access_token');
    await expect(generator.grantResponse(validated)).rejects.toBeInstanceOf(UnvalidatedRequest);
  });

  it('renders an AccessTokenException as its RFC 6749 §5.2 response', () => {
    const response = generator.errorResponse(new InvalidScope('x'));
    expect(response).toMatchObject({
      status: 400,
      body: { error: 'invalid_scope', error_description: 'x' },
    });
  });

  it('renders an unexpected error as a 500 server_error that hides its message', () => {
    const response = generator.errorResponse(new Error('boom'));
    expect(response.status).toBe(500);
    expect(response.body.error).toBe('server_error');
    expect(JSON.stringify(response)).not.toContain('boom');
  });
});
