export * from './oauth2-token.constants.js';
export * from './oauth2-token.module.js';
export { OAUTH2_TOKEN_MODULE_OPTIONS } from './oauth2-token.module-definition.js';
export * from './config/index.js';
export * from './crypto/index.js';
export * from './entities/index.js';
export * from './exceptions/index.js';
export * from './grants/index.js';
export * from './interfaces/index.js';
export * from './services/index.js';
export { OAuth2ExceptionFilter } from './http/oauth2-exception.filter.js';
export { parseBasicCredentials } from './http/basic-credentials.js';
export { parseForm } from './http/form-parser.js';
export { isDatabaseUnavailable, isUniqueViolation } from './services/database-errors.js';
export { repositoryUpdate, type BoundUpdate } from './services/entity-statements.js';
export { readFormBody } from './http/form-body.reader.js';
export type { TokenRequest, TokenRequestParams } from './http/token-request.js';
export * from './migrations/index.js';
export * from './authorization/index.js';
export * from './metadata/index.js';
export * from './resource-server/index.js';
export {
  addOAuth2OpenApi,
  OAUTH2_SECURITY_SCHEMES,
  type OpenApiDocumentLike,
} from './openapi/index.js';
