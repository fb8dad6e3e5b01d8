export * from './access-token-key-set.js';
export * from './authenticated-token.interface.js';
export * from './mac-signature.js';
export * from './oauth2-authenticator.service.js';
export * from './oauth2-resource-options.interface.js';
export * from './oauth2-resource.module.js';
export * from './oauth2-user.decorator.js';
export * from './oauth2.guard.js';
export * from './require-scopes.decorator.js';
export * from './skip-oauth2.decorator.js';
export * from './resource-access.errors.js';
export { OAUTH2_TOKEN_PROPERTY } from './oauth2-resource.constants.js';
export { parseAuthorization, type TokenCredentials } from './token-credentials.js';
export type { ResourceRequest } from './request-origin.js';
export type {
  JwtVerificationOptions,
  VerifiedTokenCacheOptions,
} from './jwt-verification-options.interface.js';
