export * from './authorization-server-metadata.service.js';
