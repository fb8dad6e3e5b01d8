export * from './oauth2-audit-event.js';
export * from './oauth2-audit.service.js';
