export * from './authorization-server-metadata.service.js';
export * from './oauth2-routes.js';
