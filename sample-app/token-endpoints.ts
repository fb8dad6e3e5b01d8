import { MAC, OAuth2TokenModule, RESOURCE_OWNER_AUTHENTICATOR } from 'nestjs-oauth2-token';
import { UserPasswordAuthenticator } from './users/user-password.authenticator.js';
import { UsersModule } from './users/users.module.js';

/** Each endpoint offers the password grant by checking passwords against the sample user store. */
const passwordGrant = {
  imports: [UsersModule],
  providers: [{ provide: RESOURCE_OWNER_AUTHENTICATOR, useExisting: UserPasswordAuthenticator }],
};

/** `POST /oauth2/token`: bearer tokens with refresh tokens (oauth2app's default TokenGenerator). */
export const BearerTokenEndpoint = OAuth2TokenModule.forRoot({
  path: 'oauth2/token',
  ...passwordGrant,
});

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
