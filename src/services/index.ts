export * from './client-authenticator.service.js';
export * from './client-registry.service.js';
export * from './code-issuer.service.js';
export * from './scope-policy.service.js';
export * from './token-generator.service.js';
export * from './token-issuer.service.js';
export * from './token-revoker.service.js';
export * from './transaction-runner.service.js';
