import type { ModuleMetadata, Provider, Type } from '@nestjs/common';
import type { OAuth2Grant } from '../grants/oauth2-grant.interface.js';

/** Registration settings that shape the module itself, accepted by both `forRoot` and `forRootAsync`. */
export interface OAuth2TokenModuleExtras {
  /**
   * Route of the token endpoint; a trailing slash is accepted.
   * @default 'oauth2/token'
   */
  path?: string;
  /**
   * Grant classes added to the built-in ones; a class whose `grantType` equals a built-in one replaces it.
   * @default []
   */
  grants?: Type<OAuth2Grant>[];
  /**
   * Extra providers of this registration, e.g. `{ provide: RESOURCE_OWNER_AUTHENTICATOR, useClass: ... }`.
   * @default []
   */
  providers?: Provider[];
  /**
   * Modules whose exports those providers and grants need (for `forRootAsync`, its own `imports` serve).
   * @default []
   */
  imports?: ModuleMetadata['imports'];
}
