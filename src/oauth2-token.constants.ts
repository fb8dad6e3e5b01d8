/** Token type: RFC 6750 bearer tokens (oauth2app.consts.BEARER). */
export const BEARER = 1 as const;
/** Token type: draft-ietf-oauth-v2-http-mac tokens (oauth2app.consts.MAC). */
export const MAC = 2 as const;
/** Resource-server scheme: RFC 9449 DPoP-bound tokens, for `OAuth2ResourceModule`'s `authenticationMethods`. */
export const DPOP = 4 as const;
/** The token types a generator can issue. */
export type AuthenticationMethod = typeof BEARER | typeof MAC;

/** Injection token of the resolved, validated options of one module registration. */
export const OAUTH2_TOKEN_CONFIG = Symbol('OAUTH2_TOKEN_CONFIG');
/** Injection token of the grant handlers of one module registration, keyed by grant type. */
export const OAUTH2_GRANTS = Symbol('OAUTH2_GRANTS');
/** Injection token of the app-supplied password checker (see `ResourceOwnerAuthenticator`). */
export const RESOURCE_OWNER_AUTHENTICATOR = 'ResourceOwnerAuthenticator';

/** The grant types of RFC 6749 that the module implements. */
export const STANDARD_GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'password',
  'client_credentials',
] as const;

/** Grant types a client is given when none are listed (the password grant must be asked for). */
export const DEFAULT_CLIENT_GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
];

/** Largest token-request body read, in bytes. */
export const MAX_FORM_BYTES = 64 * 1024;

/** Injection token of the registration's issuer identifier (its `issuer` setting), when it has one. */
export const OAUTH2_ISSUER = Symbol('OAUTH2_ISSUER');
/** Injection token of the registration's routes (token, revocation, introspection, authorization). */
export const OAUTH2_ROUTES = Symbol('OAUTH2_ROUTES');
/** Injection token of the brute-force counters' storage (`OAuth2ThrottlerStorage`); the module's database by default. */
export const OAUTH2_THROTTLER_STORAGE = Symbol('OAUTH2_THROTTLER_STORAGE');

/** Seconds a MAC nonce's age may run ahead of the token's real age (a clock tick). */
export const MAC_NONCE_LEAD = 5;
/** The longest `macNonceWindow` a resource server accepts, in seconds. */
export const MAX_MAC_NONCE_WINDOW = 300;
/**
 * The youngest MAC nonce `TokenHousekeeping.purgeExpired` deletes, in seconds, whatever its `macNonceAge` says. A
 * nonce is dead `macNonceWindow + MAC_NONCE_LEAD` seconds after use (its replay fails the age check); a minute more
 * covers instances whose clocks differ a little.
 */
export const MIN_MAC_NONCE_PURGE_AGE = MAX_MAC_NONCE_WINDOW + MAC_NONCE_LEAD + 60;

/** A clock in UNIX milliseconds, like `Date.now`. */
export type OAuth2Clock = () => number;
/**
 * Injection token of the clock that signing-key rotation and housekeeping read (`Date.now` when none is provided),
 * so that tests can move through a rotation's delays without waiting for them.
 */
export const OAUTH2_CLOCK = Symbol('OAUTH2_CLOCK');
