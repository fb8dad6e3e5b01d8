import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { validateOAuth2TokenExtras } from './config/oauth2-token-extras.schema.js';
import { resolveOAuth2TokenConfig } from './config/oauth2-token-options.schema.js';
import { OAUTH2_ENTITIES } from './entities/index.js';
import {
  AuthorizationCodeGrant,
  ClientCredentialsGrant,
  PasswordGrant,
  RefreshTokenGrant,
} from './grants/index.js';
import { createGrantRegistry } from './grants/grant-registry.js';
import { createFormEndpointController } from './endpoints/form-endpoint-controller.factory.js';
import type { OAuth2TokenModuleExtras } from './interfaces/oauth2-token-extras.interface.js';
import {
  ASYNC_OPTIONS_TYPE,
  ConfigurableModuleClass,
  DEFAULT_EXTRAS,
  OAUTH2_TOKEN_MODULE_OPTIONS,
  OPTIONS_TYPE,
} from './oauth2-token.module-definition.js';
import {
  OAUTH2_GRANTS,
  OAUTH2_ISSUER,
  OAUTH2_ROUTES,
  OAUTH2_THROTTLER_STORAGE,
  OAUTH2_TOKEN_CONFIG,
} from './oauth2-token.constants.js';
import {
  ClientAssertionAuthenticator,
  ClientAssertionVerifier,
  ClientAuthenticator,
  ClientKeySets,
  ClientRegistry,
  CodeIssuer,
  DPoPProofVerifier,
  DPoPTokenBinding,
  FailureLimiter,
  JwtAccessTokenSigner,
  ResourcePolicy,
  ScopePolicy,
  SigningKeyRotation,
  SigningKeySet,
  TokenHousekeeping,
  TokenIssuer,
  TokenLookup,
  TokenRevoker,
} from './domain/index.js';
import { TokenGenerator, TokenIntrospection, TokenRevocation } from './endpoints/index.js';
import {
  ClientStore,
  CodeStore,
  DatabaseThrottlerStorage,
  MacNonceStore,
  ScopeStore,
  SigningKeyStore,
  TokenStore,
  TransactionRunner,
  UsedJtiStore,
} from './persistence/index.js';
import { Authorizer } from './authorization/authorizer.service.js';
import { OAuth2Audit } from './events/oauth2-audit.service.js';
import { AuthorizationServerMetadata } from './metadata/authorization-server-metadata.service.js';
import { createMetadataController } from './metadata/metadata-controller.factory.js';
import { createJwksController } from './metadata/jwks-controller.factory.js';
import type { OAuth2Routes } from './interfaces/oauth2-routes.interface.js';

const BUILT_IN_GRANTS = [
  AuthorizationCodeGrant,
  RefreshTokenGrant,
  PasswordGrant,
  ClientCredentialsGrant,
];

const SERVICES = [
  OAuth2Audit,
  Authorizer,
  AuthorizationServerMetadata,
  ClientAssertionAuthenticator,
  ClientAssertionVerifier,
  ClientAuthenticator,
  ClientKeySets,
  ClientRegistry,
  CodeIssuer,
  DPoPProofVerifier,
  DPoPTokenBinding,
  FailureLimiter,
  JwtAccessTokenSigner,
  ResourcePolicy,
  ScopePolicy,
  SigningKeyRotation,
  SigningKeySet,
  TokenGenerator,
  TokenHousekeeping,
  TokenIntrospection,
  TokenIssuer,
  TokenLookup,
  TokenRevocation,
  TokenRevoker,
];

const STORES: Provider[] = [
  ClientStore,
  CodeStore,
  MacNonceStore,
  ScopeStore,
  SigningKeyStore,
  TokenStore,
  TransactionRunner,
  UsedJtiStore,
  { provide: OAUTH2_THROTTLER_STORAGE, useClass: DatabaseThrottlerStorage },
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
  validateOAuth2TokenExtras(extras);
  const settings = { ...DEFAULT_EXTRAS, ...stripUndefined(extras) };
  const { grants, providers, imports, issuer } = settings;
  const routes: OAuth2Routes = {
    token: routeOf(settings.path),
    revocation: routeOf(settings.revocationPath),
    introspection: routeOf(settings.introspectionPath),
    authorization: routeOf(settings.authorizationPath),
  };
  const grantClasses = [...BUILT_IN_GRANTS, ...grants];
  const moduleProviders: Provider[] = [
    ...(definition.providers ?? []),
    { provide: OAUTH2_ROUTES, useValue: routes },
    ...(issuer === undefined ? [] : [{ provide: OAUTH2_ISSUER, useValue: issuer }]),
    {
      provide: OAUTH2_TOKEN_CONFIG,
      useFactory: (options: typeof OPTIONS_TYPE) => resolveOAuth2TokenConfig(options, issuer),
      inject: [OAUTH2_TOKEN_MODULE_OPTIONS],
    },
    ...STORES,
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
    controllers: [
      createFormEndpointController(routes.token, TokenGenerator),
      ...(routes.revocation
        ? [createFormEndpointController(routes.revocation, TokenRevocation)]
        : []),
      ...(routes.introspection
        ? [createFormEndpointController(routes.introspection, TokenIntrospection)]
        : []),
      ...(issuer === undefined
        ? []
        : [createMetadataController(issuer), createJwksController(issuer)]),
    ],
    providers: moduleProviders,
    exports: [
      TokenGenerator,
      FailureLimiter,
      CodeIssuer,
      ClientRegistry,
      TokenRevoker,
      TokenHousekeeping,
      SigningKeySet,
      SigningKeyRotation,
      TokenRevocation,
      TokenIntrospection,
      Authorizer,
      AuthorizationServerMetadata,
      OAUTH2_TOKEN_CONFIG,
    ],
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A route path without leading or trailing slashes; undefined stays undefined. */
function routeOf<T extends string | undefined>(path: T): T {
  return path?.replace(/^\/+|\/+$/g, '') as T;
}
