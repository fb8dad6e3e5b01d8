import type { ModuleMetadata, Provider, Type } from '@nestjs/common';
import type { OAuth2Grant } from './oauth2-grant.interface.js';

/** Registration settings that shape the module itself, accepted by both `forRoot` and `forRootAsync`. */
export interface OAuth2TokenModuleExtras {
  /**
   * Route of the token endpoint; a trailing slash is accepted.
   * @default 'oauth2/token'
   */
  path?: string;
  /**
   * Route of the RFC 7009 revocation endpoint; unset: not mounted.
   * @default undefined
   */
  revocationPath?: string;
  /**
   * Route of the RFC 7662 introspection endpoint; unset: not mounted.
   * @default undefined
   */
  introspectionPath?: string;
  /**
   * Route of the app's authorization page (built on `Authorizer`), for the metadata only.
   * @default undefined
   */
  authorizationPath?: string;
  /**
   * Issuer identifier (an `https` URL; `http` for local development). Set, it mounts RFC 8414 metadata at
   * `/.well-known/oauth-authorization-server` and adds `iss` to authorization responses (RFC 9207).
   * @default undefined
   */
  issuer?: string;
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
