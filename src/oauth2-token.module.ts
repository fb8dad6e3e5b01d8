import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { resolveOAuth2TokenConfig } from './config/oauth2-token-options.schema.js';
import { OAUTH2_ENTITIES } from './entities/index.js';
import {
  AuthorizationCodeGrant,
  ClientCredentialsGrant,
  PasswordGrant,
  RefreshTokenGrant,
} from './grants/index.js';
import { createGrantRegistry } from './grants/grant-registry.js';
import { createTokenController } from './http/token-controller.factory.js';
import type { OAuth2TokenModuleExtras } from './interfaces/oauth2-token-extras.interface.js';
import {
  ASYNC_OPTIONS_TYPE,
  ConfigurableModuleClass,
  DEFAULT_EXTRAS,
  OAUTH2_TOKEN_MODULE_OPTIONS,
  OPTIONS_TYPE,
} from './oauth2-token.module-definition.js';
import { OAUTH2_GRANTS, OAUTH2_TOKEN_CONFIG } from './oauth2-token.constants.js';
import {
  ClientAuthenticator,
  ClientRegistry,
  CodeIssuer,
  ScopePolicy,
  TokenGenerator,
  TokenHousekeeping,
  TokenIssuer,
  TokenRevoker,
  TransactionRunner,
} from './services/index.js';

const BUILT_IN_GRANTS = [
  AuthorizationCodeGrant,
  RefreshTokenGrant,
  PasswordGrant,
  ClientCredentialsGrant,
];

const SERVICES = [
  ClientAuthenticator,
  ClientRegistry,
  CodeIssuer,
  ScopePolicy,
  TokenGenerator,
  TokenHousekeeping,
  TokenIssuer,
  TokenRevoker,
  TransactionRunner,
];

/**
 * The OAuth 2.0 token endpoint (oauth2app's `TokenGenerator`) as a module. Register it once per endpoint:
 * each registration has its own path, token type, scope and grants.
 */
@Module({})
export class OAuth2TokenModule extends ConfigurableModuleClass {
  /** Mounts a token endpoint configured by `options`. */
  static override forRoot(options: typeof OPTIONS_TYPE = {}): DynamicModule {
    return withTokenEndpoint(super.forRoot(options), options);
  }

  /** Mounts a token endpoint whose options come from a factory; `path`, `grants` and `providers` are static. */
  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return withTokenEndpoint(super.forRootAsync(options), { ...options, imports: [] });
  }
}

function withTokenEndpoint(
  definition: DynamicModule,
  extras: OAuth2TokenModuleExtras,
): DynamicModule {
  const { path, grants, providers, imports } = { ...DEFAULT_EXTRAS, ...stripUndefined(extras) };
  const routePath = path.replace(/^\/+|\/+$/g, '');
  const grantClasses = [...BUILT_IN_GRANTS, ...grants];
  const moduleProviders: Provider[] = [
    ...(definition.providers ?? []),
    { provide: 'OAUTH2_TOKEN_PATH', useValue: routePath },
    {
      provide: OAUTH2_TOKEN_CONFIG,
      useFactory: resolveOAuth2TokenConfig,
      inject: [OAUTH2_TOKEN_MODULE_OPTIONS],
    },
    ...SERVICES,
    ...grantClasses,
    {
      provide: OAUTH2_GRANTS,
      useFactory: (...instances) => createGrantRegistry(instances),
      inject: grantClasses,
    },
    ...providers,
  ];
  return {
    ...definition,
    imports: [...(definition.imports ?? []), ...imports, TypeOrmModule.forFeature(OAUTH2_ENTITIES)],
    controllers: [createTokenController(routePath)],
    providers: moduleProviders,
    exports: [
      TokenGenerator,
      CodeIssuer,
      ClientRegistry,
      TokenRevoker,
      TokenHousekeeping,
      OAUTH2_TOKEN_CONFIG,
    ],
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
