export * from './oauth2-token-config.js';
export * from './oauth2-token-options.schema.js';
export * from './scope-token.js';
export * from './grant-type.js';
export * from './redirect-uri.js';
export * from './client-secret.js';
export * from './client-id.js';
export * from './client-keys.js';
