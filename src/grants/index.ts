export * from './authorization-code.grant.js';
export * from './client-credentials.grant.js';
export * from './password.grant.js';
export * from './refresh-token.grant.js';
