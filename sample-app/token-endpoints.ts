import type { DynamicModule } from '@nestjs/common';
import { MAC, OAuth2TokenModule, RESOURCE_OWNER_AUTHENTICATOR } from 'nestjs-oauth2-token';
import { UserPasswordAuthenticator } from './users/user-password.authenticator.js';
import { UsersModule } from './users/users.module.js';

/** Route of the sample's login and consent page (`AuthorizeController`), built on the bearer registration. */
export const AUTHORIZATION_PATH = 'oauth2/authorize';

/** Each endpoint offers the password grant by checking passwords against the sample user store. */
const passwordGrant = {
  imports: [UsersModule],
  providers: [{ provide: RESOURCE_OWNER_AUTHENTICATOR, useExisting: UserPasswordAuthenticator }],
};

const bearerEndpoints = new Map<string | undefined, DynamicModule>();

/**
 * `POST /oauth2/token`: bearer tokens with refresh tokens (oauth2app's default TokenGenerator), with
 * `POST /oauth2/revoke` (RFC 7009), `POST /oauth2/introspect` (RFC 7662) and the authorization page's codes.
 * With an `issuer` (`http://HOST:PORT`), also RFC 8414 metadata and `iss` in authorization responses.
 * One module object per issuer, so that `app.select(bearerTokenEndpoint(issuer))` finds the registration again.
 */
export function bearerTokenEndpoint(issuer?: string): DynamicModule {
  let endpoint = bearerEndpoints.get(issuer);
  if (!endpoint) {
    endpoint = OAuth2TokenModule.forRoot({
      path: 'oauth2/token',
      issuer,
      authorizationPath: AUTHORIZATION_PATH,
      revocationPath: 'oauth2/revoke',
      introspectionPath: 'oauth2/introspect',
      dpop: true, // a token request with a DPoP proof gets DPoP-bound tokens (RFC 9449)
      ...passwordGrant,
    });
    bearerEndpoints.set(issuer, endpoint);
  }
  return endpoint;
}

/** The bearer registration without an issuer: what the CLI builds (it serves no HTTP). */
export const BearerTokenEndpoint = bearerTokenEndpoint();

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
