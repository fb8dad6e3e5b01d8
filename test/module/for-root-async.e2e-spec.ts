import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Inject, Injectable, Module } from '@nestjs/common';
import {
  MAC,
  OAuth2TokenModule,
  type AuthenticationMethod,
  type OAuth2TokenModuleOptions,
} from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { authenticatorProvider } from '../support/resource-owners.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const TOKEN_SETTINGS = 'TOKEN_SETTINGS';
interface TokenSettings {
  lifetime: number;
  method: AuthenticationMethod;
}

@Module({
  providers: [{ provide: TOKEN_SETTINGS, useValue: { lifetime: 120, method: MAC } }],
  exports: [TOKEN_SETTINGS],
})
class SettingsModule {}

@Injectable()
class TokenOptionsFactory {
  constructor(@Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings) {}

  createOAuth2TokenOptions(): OAuth2TokenModuleOptions {
    return { accessTokenExpiresIn: this.settings.lifetime * 2, refreshable: false };
  }
}

describe('OAuth2TokenModule.forRootAsync', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRootAsync({
        path: 'factory/token',
        providers: [authenticatorProvider],
        imports: [SettingsModule],
        inject: [TOKEN_SETTINGS],
        useFactory: async (settings: TokenSettings) => ({
          accessTokenExpiresIn: settings.lifetime,
          authenticationMethod: settings.method,
        }),
      }),
      OAuth2TokenModule.forRootAsync({
        path: 'class/token',
        imports: [SettingsModule],
        useClass: TokenOptionsFactory,
      }),
    ]);
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const codeGrantAt = async (path: string) => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1' });
    return postToken(t, { grant_type: 'authorization_code', code }, client, path);
  };

  it('useFactory with inject from an imported module configures its endpoint', async () => {
    const body = expectToken(await codeGrantAt('/factory/token'));
    expect(body).toMatchObject({ expires_in: 120, token_type: 'mac' });
  });

  it('takes static providers beside the factory (a ResourceOwnerAuthenticator)', async () => {
    const owner = await t.addClient({ grantTypes: ['password'] });
    const form = { grant_type: 'password', username: 'alice', password: 'wonder' };
    expect(expectToken(await postToken(t, form, owner, '/factory/token')).token_type).toBe('mac');
    expectOAuthError(await postToken(t, form, owner, '/class/token'), 'unsupported_grant_type');
  });

  it('useClass configures its endpoint', async () => {
    const body = expectToken(await codeGrantAt('/class/token'));
    expect(body).toMatchObject({ expires_in: 240, token_type: 'bearer' });
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('mounts the endpoints only at the static paths given', async () => {
    const res = await postToken(t, { grant_type: 'client_credentials' }, client, '/oauth2/token');
    expect(res.status).toBe(404);
    expectOAuthError(
      await postToken(
        t,
        { grant_type: 'refresh_token', refresh_token: 'x' },
        client,
        '/class/token',
      ),
      'unsupported_grant_type',
    );
  });
});
