import type { DynamicModule } from '@nestjs/common';
import {
  DatabaseThrottlerStorage,
  MAC,
  OAUTH2_THROTTLER_STORAGE,
  OAuth2TokenModule,
  RESOURCE_OWNER_AUTHENTICATOR,
  type AccessTokenSigningKey,
  type OAuth2ThrottlerStorage,
} from 'nestjs-oauth2-token';
import { SAMPLE_REDIS_LIMIT_STORAGE } from './limits/redis-limits.module.js';
import { UserPasswordAuthenticator } from './users/user-password.authenticator.js';
import { UsersModule } from './users/users.module.js';

/** Route of the sample's login and consent page (`AuthorizeController`), built on the bearer registration. */
export const AUTHORIZATION_PATH = 'oauth2/authorize';

/**
 * Each endpoint offers the password grant by checking passwords against the sample user store, and counts failed
 * authentications in Redis when REDIS_URL is set (`RedisLimitsModule`), else in the database (the default).
 */
const passwordGrant = {
  imports: [UsersModule],
  providers: [
    { provide: RESOURCE_OWNER_AUTHENTICATOR, useExisting: UserPasswordAuthenticator },
    DatabaseThrottlerStorage,
    {
      provide: OAUTH2_THROTTLER_STORAGE,
      useFactory: (redis: OAuth2ThrottlerStorage | null, database: DatabaseThrottlerStorage) =>
        redis ?? database,
      inject: [{ token: SAMPLE_REDIS_LIMIT_STORAGE, optional: true }, DatabaseThrottlerStorage],
    },
  ],
};

/**
 * How the bearer endpoint signs JWT access tokens: with a key of the app's (ACCESS_TOKEN_FORMAT=jwt), or with keys
 * the library keeps in the database, encrypted with a secret (SIGNING_KEY_SECRET).
 */
export type SampleSigning = { key: AccessTokenSigningKey } | { databaseSecret: string };

const bearerEndpoints = new Map<string, DynamicModule>();

/**
 * `POST /oauth2/token`: bearer tokens with refresh tokens (oauth2app's default TokenGenerator), with
 * `POST /oauth2/revoke` (RFC 7009), `POST /oauth2/introspect` (RFC 7662) and the authorization page's codes.
 * With an `issuer` (`http://HOST:PORT`), also RFC 8414 metadata and `iss` in authorization responses. With
 * `signing` too, its access tokens are RFC 9068 JWTs (audience: the issuer), their public keys served at
 * `/.well-known/jwks.json`: signed by the app's own key (ACCESS_TOKEN_FORMAT=jwt), or by keys the library keeps in the
 * database, encrypted with a secret (SIGNING_KEY_SECRET; `npm run cli -- keys:rotate`). One module object per
 * setting, so that `app.select(bearerTokenEndpoint(...))` finds the registration again.
 */
export function bearerTokenEndpoint(issuer?: string, signing?: SampleSigning): DynamicModule {
  const key = JSON.stringify([issuer, signing && ('key' in signing ? signing.key.kid : signing)]);
  let endpoint = bearerEndpoints.get(key);
  if (!endpoint) {
    endpoint = OAuth2TokenModule.forRoot({
      path: 'oauth2/token',
      issuer,
      authorizationPath: AUTHORIZATION_PATH,
      revocationPath: 'oauth2/revoke',
      introspectionPath: 'oauth2/introspect',
      ...(signing && {
        accessTokenFormat: 'jwt',
        signingKeys:
          'key' in signing
            ? [signing.key]
            : { source: 'database', encryptionKey: signing.databaseSecret },
      }),
      dpop: true, // a token request with a DPoP proof gets DPoP-bound tokens (RFC 9449)
      ...passwordGrant,
    });
    bearerEndpoints.set(key, endpoint);
  }
  return endpoint;
}

/**
 * `POST /token`: MAC tokens, no refresh tokens (oauth2app's
 * `TokenGenerator(authentication_method=MAC, refreshable=False)`).
 */
export const MacTokenEndpoint = OAuth2TokenModule.forRoot({
  path: 'token',
  authenticationMethod: MAC,
  refreshable: false,
  ...passwordGrant,
});
