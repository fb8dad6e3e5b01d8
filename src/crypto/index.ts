export * from './pkce.js';
export * from './secrets.js';
export * from './time-ordered-id.js';
export * from './signing-key-encryption.js';
