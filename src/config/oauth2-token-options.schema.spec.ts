import { describe, expect, it } from '@jest/globals';
import { BEARER, MAC } from '../oauth2-token.constants.js';
import type { OAuth2TokenModuleOptions } from '../interfaces/oauth2-token-options.interface.js';
import { DEFAULT_BRUTE_FORCE_LIMITS } from './oauth2-token-config.js';
import { resolveOAuth2TokenConfig } from './oauth2-token-options.schema.js';

describe('resolveOAuth2TokenConfig', () => {
  it("applies oauth2app's defaults", () => {
    expect(resolveOAuth2TokenConfig()).toEqual({
      scope: undefined,
      defaultScope: [],
      authenticationMethod: BEARER,
      refreshable: true,
      accessTokenExpiresIn: 3600,
      refreshTokenExpiresIn: 2592000,
      refreshTokenAbsoluteExpiresIn: undefined,
      codeExpiresIn: 120,
      realm: '',
      allowPlainPkce: false,
      scopeCacheSeconds: 5,
      bruteForceLimits: DEFAULT_BRUTE_FORCE_LIMITS,
      accessTokenFormat: 'opaque',
      resources: [],
      jwt: undefined,
    });
  });

  it('takes scope as keys or AccessRange entities', () => {
    const config = resolveOAuth2TokenConfig({
      scope: ['read', { key: 'write' }],
      authenticationMethod: MAC,
    });
    expect([...config.scope!]).toEqual(['read', 'write']);
    expect(config.authenticationMethod).toBe(MAC);
  });

  it.each<[string, object, RegExp]>([
    [
      'an unknown authenticationMethod',
      { authenticationMethod: 3 },
      /authenticationMethod must be BEARER or MAC/,
    ],
    [
      'a negative lifetime',
      { accessTokenExpiresIn: -1 },
      /accessTokenExpiresIn must not be less than 1/,
    ],
    ['a fractional lifetime', { codeExpiresIn: 1.5 }, /codeExpiresIn must be an integer/],
    ['an unknown option', { refreshTokens: true }, /property refreshTokens should not exist/],
    ['a malformed scope value', { scope: ['a b'] }, /scope-token/],
    ['a quote in the realm', { realm: 'a"b' }, /realm must not contain/],
    [
      'a negative scope cache time',
      { scopeCacheSeconds: -1 },
      /scopeCacheSeconds must not be less than 0/,
    ],
  ])('fails fast on %s', (_name, options, message) => {
    expect(() => resolveOAuth2TokenConfig(options as OAuth2TokenModuleOptions)).toThrow(message);
  });
});
