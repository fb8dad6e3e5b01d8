export * from './oauth2-token-extras.interface.js';
export * from './oauth2-token-options.interface.js';
export * from './resource-owner-authenticator.interface.js';
export * from './oauth2-grant.interface.js';
export * from './token-request.interface.js';
export * from './oauth2-throttler-storage.interface.js';
export * from './brute-force-limits.interface.js';
export * from './oauth2-routes.interface.js';
