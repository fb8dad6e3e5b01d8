import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { OAuth2TokenModuleExtras } from './interfaces/oauth2-token-extras.interface.js';
import type { OAuth2TokenModuleOptions } from './interfaces/oauth2-token-options.interface.js';

/** Defaults of the registration settings that shape the module. */
export const DEFAULT_EXTRAS: OAuth2TokenModuleExtras &
  Required<Pick<OAuth2TokenModuleExtras, 'path' | 'grants' | 'providers' | 'imports'>> = {
  path: 'oauth2/token',
  // Listed even when unset: the builder strips exactly these keys from the options it validates.
  revocationPath: undefined,
  introspectionPath: undefined,
  authorizationPath: undefined,
  issuer: undefined,
  grants: [],
  providers: [],
  imports: [],
};

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: OAUTH2_TOKEN_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<OAuth2TokenModuleOptions>({ moduleName: 'OAuth2Token' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createOAuth2TokenOptions')
  .setExtras<OAuth2TokenModuleExtras>(DEFAULT_EXTRAS, (definition) => definition)
  .build();
