import type { AuthenticationMethod } from '../oauth2-token.constants.js';
import type { AccessRange } from '../entities/access-range.entity.js';
import type { BruteForceLimits } from './brute-force-limits.interface.js';
import type {
  AccessTokenFormat,
  AccessTokenSigningKey,
  DatabaseSigningKeys,
} from './signing-key.interface.js';

import type { DPoPOptions } from './dpop-options.interface.js';

/** Options of one token generator (oauth2app's `TokenGenerator(scope, authentication_method, refreshable)`). */
export interface OAuth2TokenModuleOptions {
  /**
   * The scope values this generator may grant, as AccessRange entities or keys.
   * @default undefined (any registered AccessRange)
   */
  scope?: ReadonlyArray<string | Pick<AccessRange, 'key'>>;
  /**
   * Scope granted when a password or client_credentials request names none.
   * @default [] (a token without scope, as oauth2app did)
   */
  defaultScope?: readonly string[];
  /**
   * Type of token issued: `BEARER` (RFC 6750) or `MAC` (draft-ietf-oauth-v2-http-mac).
   * @default BEARER
   */
  authenticationMethod?: AuthenticationMethod;
  /**
   * Whether issued tokens carry a refresh token (never for client_credentials). A generator that issues none also
   * does not accept the refresh_token grant.
   * @default true
   */
  refreshable?: boolean;
  /**
   * Access-token lifetime in seconds, also returned as `expires_in`.
   * @default 3600
   */
  accessTokenExpiresIn?: number;
  /**
   * Refresh-token (idle) lifetime in seconds, counted from issue; each rotation starts a new period.
   * @default 2592000 (30 days)
   */
  refreshTokenExpiresIn?: number;
  /**
   * Absolute lifetime in seconds of a refresh chain, from the original grant, however often it rotates.
   * @default undefined (no absolute limit; each refresh token still expires after `refreshTokenExpiresIn`)
   */
  refreshTokenAbsoluteExpiresIn?: number;
  /**
   * Default lifetime in seconds of the authorization codes issued through `CodeIssuer`.
   * @default 120
   */
  codeExpiresIn?: number;
  /**
   * Realm of the `WWW-Authenticate: Basic` challenge sent with `invalid_client`.
   * @default ''
   */
  realm?: string;
  /**
   * Accept authorization codes bound to a `plain` PKCE challenge (RFC 7636 recommends S256 only).
   * @default false
   */
  allowPlainPkce?: boolean;
  /**
   * How long, in seconds, a scope found registered (an AccessRange row) counts as registered without asking the
   * database again; removing an AccessRange takes effect within this time. Unknown scopes are never remembered, so
   * a new one is grantable at once. 0 asks the database on every request.
   * @default 5
   */
  scopeCacheSeconds?: number;
  /**
   * Failed-authentication budgets per client and address, per address, per user and address, and per user; over
   * one, the token endpoint answers 429 with `Retry-After`. Each budget given replaces its default; `false` turns
   * the limits off (only behind a gateway that limits failures itself).
   * @default see `BruteForceLimits`
   */
  bruteForceLimits?: BruteForceLimits | false;
  /**
   * Format of the access tokens: random `opaque` strings, or RFC 9068 `jwt`s (bearer only; needs `issuer` and
   * `signingKeys`). A client's own `accessTokenFormat` overrides it where the registration has signing keys.
   * @default 'opaque'
   */
  accessTokenFormat?: AccessTokenFormat;
  /**
   * The keys that sign JWT access tokens, published at `/.well-known/jwks.json`; needs the `issuer` setting. Either
   * the app's private keys, each with a `kid` (the first signs), or `{ source: 'database', encryptionKey }`: keys
   * generated, kept encrypted and rotated by the library (`SigningKeyRotation`).
   * @default undefined (no JWT access tokens)
   */
  signingKeys?: readonly AccessTokenSigningKey[] | DatabaseSigningKeys;
  /**
   * The `aud` claim of JWT access tokens: the resource server's identifier (RFC 9068 §3's default resource
   * indicator).
   * @default the `issuer` setting
   */
  accessTokenAudience?: string;
  /**
   * The resource servers (RFC 8707 resource indicators: absolute URIs without fragment) a token request may name in
   * its `resource` parameter; the token's audience is then that resource (the JWT's `aud`, introspection's `aud`).
   * A client's own `resources` replace this list for it. A `resource` not allowed is `invalid_target`.
   * @default [] (a request naming a resource is refused)
   */
  resources?: readonly string[];
  /**
   * DPoP (RFC 9449): a token request with a valid `DPoP` proof gets tokens bound to the proof's key
   * (`token_type: DPoP`); `true` or `{}` for the defaults. Bearer registrations only.
   * @default undefined (DPoP headers are ignored; tokens are bearer tokens)
   */
  dpop?: DPoPOptions | boolean;
}
