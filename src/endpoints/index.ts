export * from './form-endpoint.interface.js';
export * from './oauth2-error-response.js';
export * from './oauth2-exception.filter.js';
export * from './token-generator.service.js';
export * from './token-introspection.service.js';
export * from './token-revocation.service.js';
