/** Injection token of the resolved resource-server options. */
export const OAUTH2_RESOURCE_CONFIG = Symbol('OAUTH2_RESOURCE_CONFIG');
/** Metadata key of `@RequireScopes`. */
export const REQUIRED_SCOPES = 'oauth2:required-scopes';
/** Where the guard leaves the validated token on the request. */
export const OAUTH2_TOKEN_PROPERTY = 'oauth2Token';
/** Metadata key of `@SkipOAuth2`. */
export const SKIP_OAUTH2 = 'oauth2:skip';
