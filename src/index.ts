/**
 * The public API of nestjs-oauth2-token, chosen name by name; api-report.txt records it and a test keeps the two
 * equal, so a change to this list is always a deliberate one.
 */

// The modules and their options
export { OAuth2TokenModule } from './oauth2-token.module.js';
export type {
  OAuth2TokenModuleOptions,
  OAuth2TokenModuleExtras,
  DPoPOptions,
  ResourceOwnerAuthenticator,
  ResourceOwnerCredentials,
} from './interfaces/index.js';
export {
  BEARER,
  DPOP,
  MAC,
  OAUTH2_THROTTLER_STORAGE,
  RESOURCE_OWNER_AUTHENTICATOR,
  STANDARD_GRANT_TYPES,
  DEFAULT_CLIENT_GRANT_TYPES,
  type AuthenticationMethod,
} from './oauth2-token.constants.js';
export { SCOPE_TOKEN } from './config/scope-token.js';
export { OAuth2ResourceModule } from './resource-server/oauth2-resource.module.js';
export type { OAuth2ResourceModuleOptions } from './resource-server/oauth2-resource-options.interface.js';

// JWT access tokens (RFC 9068)
export type {
  AccessTokenFormat,
  AccessTokenSigningAlg,
  AccessTokenSigningKey,
  DatabaseSigningKeys,
} from './interfaces/index.js';
export {
  SigningKeyRotation,
  SigningKeySet,
  type SigningKeyInfo,
  type SigningKeyState,
} from './domain/index.js';

// Storage
export {
  AccessRange,
  AccessToken,
  Client,
  Code,
  MACNonce,
  SigningKey,
  OAUTH2_ENTITIES,
} from './entities/index.js';
export { OAUTH2_MIGRATIONS } from './migrations/index.js';
export { isDatabaseUnavailable } from './persistence/database-errors.js';

// Brute-force limits
export {
  DatabaseThrottlerStorage,
  RedisThrottlerStorage,
  type RedisEval,
} from './persistence/index.js';
export { FailureLimiter } from './domain/failure-limiter.service.js';
export type {
  BruteForceLimits,
  FailureLimit,
  OAuth2ThrottlerStorage,
  ThrottlerKey,
  ThrottlerStorageRecord,
} from './interfaces/index.js';

// Grants and the grant contract
export {
  AuthorizationCodeGrant,
  ClientCredentialsGrant,
  PasswordGrant,
  RefreshTokenGrant,
} from './grants/index.js';
export type {
  GrantRequest,
  OAuth2Grant,
  PreparedGrant,
  Redeem,
  Redemption,
  TokenLineage,
  TokenRequest,
  TokenRequestParams,
} from './interfaces/index.js';

// RFC 6749 §5.2 errors
export {
  AccessTokenException,
  InvalidClient,
  InvalidDPoPProof,
  InvalidGrant,
  InvalidRegistration,
  InvalidRequest,
  InvalidScope,
  InvalidTarget,
  ServerError,
  TemporarilyUnavailable,
  TooManyFailures,
  UnauthorizedClient,
  UnsupportedGrantType,
  UnvalidatedRequest,
  UseDPoPNonce,
} from './exceptions/index.js';

// Services: the endpoints' logic, registration, codes, revocation, housekeeping
export {
  TokenGenerator,
  TokenIntrospection,
  TokenRevocation,
  type IntrospectionResponse,
  type OAuth2ErrorResponse,
  type ValidatedTokenRequest,
} from './endpoints/index.js';
export {
  ClientKeySets,
  ClientRegistry,
  CodeIssuer,
  JWT_BEARER_ASSERTION_TYPE,
  MAX_CLIENT_ASSERTION_LIFETIME,
  REMOTE_JWKS_POLICY,
  TokenHousekeeping,
  TokenRevoker,
  type ClientRegistration,
  type RemoteJwksPolicy,
  type CodeRequest,
  type PurgeOptions,
  type PurgeResult,
  type TokenResponseBody,
} from './domain/index.js';
export { redirectUriProblem } from './config/redirect-uri.js';
export { resourceIndicatorProblem } from './config/resource-indicator.js';
export { MIN_CLIENT_SECRET_LENGTH, clientSecretProblem } from './config/client-secret.js';
export { CLIENT_ASSERTION_ALGORITHMS, jwksProblem, jwksUriProblem } from './config/client-keys.js';
export type { CodeChallengeMethod } from './crypto/pkce.js';
export {
  AuthorizationError,
  Authorizer,
  type AuthorizationErrorCode,
  type AuthorizationParams,
  type AuthorizationRequest,
} from './authorization/index.js';
export { AuthorizationServerMetadata } from './metadata/index.js';
export { readFormBody } from './http/form-body.reader.js';

// Resource server: the guard, its decorators and errors, JWT key sources, MAC request signing
export {
  AccessTokenKeySet,
  AccessTokenKeysUnavailable,
  LocalAccessTokenKeySet,
  RemoteAccessTokenKeySet,
  DPoPNonceRequired,
  InsufficientScope,
  InvalidDPoPProofError,
  InvalidToken,
  InvalidTokenRequest,
  MissingToken,
  OAuth2Authenticator,
  OAuth2Guard,
  OAuth2User,
  RequestBodyTooLarge,
  RequireScopes,
  ResourceAccessError,
  SkipOAuth2,
  computeMac,
  macBodyHash,
  signMacRequest,
  type AccessTokenKeyRequest,
  type AccessTokenVerificationKey,
  type AuthenticatedToken,
  type JwtVerificationOptions,
  type MacRequestParts,
  type VerifiedTokenCacheOptions,
  type ResourceRequest,
  type SignMacRequestInput,
} from './resource-server/index.js';

// Audit events on @nestjs/event-emitter's bus
export {
  OAUTH2_EVENT_PREFIX,
  type ClientAuthenticationFailedEvent,
  type CodeReplayedEvent,
  type MacReplayRefusedEvent,
  type OAuth2AuditEvent,
  type OAuth2AuditRecord,
  type RateLimitedEvent,
  type RefreshTokenReusedEvent,
  type ResourceOwnerAuthenticationFailedEvent,
  type TokenIssuedEvent,
  type TokenRefreshedEvent,
  type TokenRevokedEvent,
} from './events/index.js';

// OpenAPI: an opt-in description of the mounted endpoints
export {
  addOAuth2OpenApi,
  OAUTH2_SECURITY_SCHEMES,
  type OpenApiDocumentLike,
} from './openapi/index.js';
