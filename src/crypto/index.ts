export * from './pkce.js';
export * from './secrets.js';
