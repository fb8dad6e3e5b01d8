export { addOAuth2OpenApi } from './add-oauth2-openapi.js';
export { OAUTH2_SECURITY_SCHEMES } from './oauth2-security-schemes.js';
export type { OpenApiDocumentLike } from './openapi-object.js';
