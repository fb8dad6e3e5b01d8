import { describe, expect, it } from '@jest/globals';
import { Injectable, type ModuleMetadata } from '@nestjs/common';
import {
  OAuth2TokenModule,
  type OAuth2Grant,
  type OAuth2TokenModuleOptions,
  type PreparedGrant,
} from 'nestjs-oauth2-token';
import { startE2eApp } from '../support/e2e-app.js';

const invalid = (options: Record<string, unknown>) => options as OAuth2TokenModuleOptions;

/** The message the app's startup failed with, or '' when it started. */
async function startupError(imports: ModuleMetadata['imports']): Promise<string> {
  try {
    const t = await startE2eApp(imports);
    await t.close();
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

@Injectable()
class BareNameGrant implements OAuth2Grant {
  readonly grantType = 'otp';

  async validate(): Promise<PreparedGrant> {
    return { userId: null, scope: [] };
  }
}

const PREFIX = /^Invalid OAuth2TokenModule options: /;

describe('OAuth2TokenModule options are validated at startup', () => {
  it.each([
    ['an unknown authenticationMethod', { authenticationMethod: 3 }, /authenticationMethod/],
    ['a negative accessTokenExpiresIn', { accessTokenExpiresIn: -1 }, /accessTokenExpiresIn/],
    ['a zero refreshTokenExpiresIn', { refreshTokenExpiresIn: 0 }, /refreshTokenExpiresIn/],
    ['a non-integer codeExpiresIn', { codeExpiresIn: 1.5 }, /codeExpiresIn/],
    ['a string lifetime', { accessTokenExpiresIn: '3600' }, /accessTokenExpiresIn/],
    ['an unknown option', { accessTokenLifetime: 60 }, /accessTokenLifetime/],
    ['a non-boolean refreshable', { refreshable: 'yes' }, /refreshable/],
  ])('forRoot rejects %s', async (_, options, named) => {
    const message = await startupError([OAuth2TokenModule.forRoot(invalid(options))]);
    expect(message).toMatch(PREFIX);
    expect(message).toMatch(named);
  });

  it('names every problem at once', async () => {
    const message = await startupError([
      OAuth2TokenModule.forRoot(invalid({ authenticationMethod: 3, accessTokenExpiresIn: 0 })),
    ]);
    expect(message).toMatch(PREFIX);
    expect(message).toMatch(/authenticationMethod/);
    expect(message).toMatch(/accessTokenExpiresIn/);
  });

  it.each([
    ['an unknown authenticationMethod', { authenticationMethod: 3 }, /authenticationMethod/],
    ['a zero accessTokenExpiresIn', { accessTokenExpiresIn: 0 }, /accessTokenExpiresIn/],
    ['an unknown option', { lifetime: 60 }, /lifetime/],
  ])('forRootAsync rejects %s from its factory', async (_, options, named) => {
    const message = await startupError([
      OAuth2TokenModule.forRootAsync({ useFactory: async () => invalid(options) }),
    ]);
    expect(message).toMatch(PREFIX);
    expect(message).toMatch(named);
  });

  it('rejects an extension grant whose grantType is not an absolute URI', async () => {
    const message = await startupError([OAuth2TokenModule.forRoot({ grants: [BareNameGrant] })]);
    expect(message).toMatch(/"otp".*absolute URI/);
  });

  it('starts with valid options', async () => {
    const message = await startupError([
      OAuth2TokenModule.forRoot({ accessTokenExpiresIn: 60, refreshable: false, realm: 'api' }),
    ]);
    expect(message).toBe('');
  });
});
