export * from './authorization-error.js';
export * from './authorization-request.js';
export * from './authorizer.service.js';
