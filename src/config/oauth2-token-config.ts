import { BEARER, type AuthenticationMethod } from '../oauth2-token.constants.js';
import type { BruteForceLimits } from '../interfaces/brute-force-limits.interface.js';
import type { AccessTokenFormat } from '../interfaces/signing-key.interface.js';
import type { JwtAccessTokenSettings } from './access-token-signing.js';
import type { DPoPSettings } from './dpop-settings.js';

/** The options of one registration after validation, with every default applied. */
export interface OAuth2TokenConfig {
  /** Scope keys this generator may grant; undefined means any registered scope. */
  readonly scope: ReadonlySet<string> | undefined;
  readonly defaultScope: readonly string[];
  readonly authenticationMethod: AuthenticationMethod;
  readonly refreshable: boolean;
  readonly accessTokenExpiresIn: number;
  readonly refreshTokenExpiresIn: number;
  readonly refreshTokenAbsoluteExpiresIn: number | undefined;
  readonly codeExpiresIn: number;
  readonly realm: string;
  readonly allowPlainPkce: boolean;
  readonly scopeCacheSeconds: number;
  /** Every budget, defaults applied; false when the limits are off. */
  readonly bruteForceLimits: Required<BruteForceLimits> | false;
  /** The registration's access-token format; a client's own applies only where `jwt` is set. */
  readonly accessTokenFormat: AccessTokenFormat;
  /** RFC 8707 resource indicators a token request may name (a client's own list replaces it). */
  readonly resources: readonly string[];
  /** Issuer, audience and keys for JWT access tokens; undefined without `signingKeys`. */
  readonly jwt: JwtAccessTokenSettings | undefined;
  /** DPoP proof checks; undefined when the registration does not bind tokens to DPoP keys. */
  readonly dpop: DPoPSettings | undefined;
}

/** The failure budgets when the options name none. */
export const DEFAULT_BRUTE_FORCE_LIMITS: Required<BruteForceLimits> = {
  clientPerAddress: { limit: 10, windowSeconds: 60, blockSeconds: 300 },
  address: { limit: 100, windowSeconds: 60, blockSeconds: 300 },
  ownerPerAddress: { limit: 5, windowSeconds: 300, blockSeconds: 900 },
  owner: { limit: 20, windowSeconds: 3600, blockSeconds: 900 },
};

/** oauth2app's defaults (consts.py), with a refresh-token lifetime added. */
export const DEFAULT_CONFIG: Omit<OAuth2TokenConfig, 'scope'> = {
  defaultScope: [],
  authenticationMethod: BEARER,
  refreshable: true,
  accessTokenExpiresIn: 3600,
  refreshTokenExpiresIn: 30 * 24 * 3600,
  refreshTokenAbsoluteExpiresIn: undefined,
  codeExpiresIn: 120,
  realm: '',
  allowPlainPkce: false,
  scopeCacheSeconds: 5,
  bruteForceLimits: DEFAULT_BRUTE_FORCE_LIMITS,
  accessTokenFormat: 'opaque',
  resources: [],
  jwt: undefined,
  dpop: undefined,
};
