import { ConfigurableModuleBuilder, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OAUTH2_ENTITIES } from '../entities/index.js';
import { OAuth2Audit } from '../events/oauth2-audit.service.js';
import {
  MacNonceStore,
  TokenStore,
  TransactionRunner,
  UsedJtiStore,
} from '../persistence/index.js';
import { DPoPProofVerifier } from '../domain/dpop-proof.verifier.js';
import { DPoPResourceProof } from './dpop-resource-proof.service.js';
import { OAuth2Authenticator } from './oauth2-authenticator.service.js';
import { OAuth2Guard } from './oauth2.guard.js';
import { JwtAccessTokenVerifier } from './jwt-access-token.verifier.js';
import { OAUTH2_RESOURCE_CONFIG } from './oauth2-resource.constants.js';
import { resolveOAuth2ResourceConfig } from './oauth2-resource-config.js';
import type { OAuth2ResourceModuleOptions } from './oauth2-resource-options.interface.js';

const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN,
  OPTIONS_TYPE: _OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<OAuth2ResourceModuleOptions>({ moduleName: 'OAuth2Resource' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createOAuth2ResourceOptions')
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/**
 * The resource-server side: `OAuth2Guard`, `OAuth2Authenticator` and their options. Import it where protected
 * controllers live, or once with `isGlobal: true`.
 */
@Module({
  imports: [TypeOrmModule.forFeature(OAUTH2_ENTITIES)],
  providers: [
    {
      provide: OAUTH2_RESOURCE_CONFIG,
      useFactory: resolveOAuth2ResourceConfig,
      inject: [MODULE_OPTIONS_TOKEN],
    },
    MacNonceStore,
    OAuth2Audit,
    TokenStore,
    TransactionRunner,
    JwtAccessTokenVerifier,
    UsedJtiStore,
    DPoPProofVerifier,
    DPoPResourceProof,
    OAuth2Authenticator,
    OAuth2Guard,
  ],
  exports: [OAUTH2_RESOURCE_CONFIG, OAuth2Authenticator, OAuth2Guard],
})
export class OAuth2ResourceModule extends ConfigurableModuleClass {
  /** The resource-server side with `options` (all optional). */
  static override forRoot(options: typeof _OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }
}
