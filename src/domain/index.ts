export * from './client-authenticator.service.js';
export * from './client-registry.service.js';
export * from './code-issuer.service.js';
export * from './scope-policy.service.js';
export * from './token-housekeeping.service.js';
export * from './token-issuer.service.js';
export * from './token-lookup.service.js';
export * from './token-revoker.service.js';
