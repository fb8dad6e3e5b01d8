export * from './client.store.js';
export * from './code.store.js';
export * from './database-errors.js';
export * from './mac-nonce.store.js';
export * from './scope.store.js';
export * from './token.store.js';
export * from './transaction-runner.js';
