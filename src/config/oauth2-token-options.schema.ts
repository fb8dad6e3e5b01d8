import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { AccessTokenFormat } from '../interfaces/signing-key.interface.js';
import {
  resolveSigningKeys,
  type JwtAccessTokenSettings,
  type ResolvedSigningKey,
} from './access-token-signing.js';
import {
  isDatabaseSigningKeys,
  resolveDatabaseKeys,
  type DatabaseKeySettings,
} from './database-signing-keys.js';
import { BEARER, MAC, type AuthenticationMethod } from '../oauth2-token.constants.js';
import type { OAuth2TokenModuleOptions } from '../interfaces/oauth2-token-options.interface.js';
import { DEFAULT_CONFIG, type OAuth2TokenConfig } from './oauth2-token-config.js';
import { SCOPE_TOKEN } from './scope-token.js';
import { resourceIndicatorProblem } from './resource-indicator.js';
import { BruteForceLimitsSchema, withDefaultLimits } from './brute-force-limits.schema.js';
import { validateOptions } from './validate-options.js';
import { resolveDPoPSettings } from './dpop-settings.js';

/** class-validator rules for `OAuth2TokenModuleOptions`, checked when the app starts. */
class OAuth2TokenOptionsSchema {
  @IsOptional()
  @IsString({ each: true })
  @Matches(SCOPE_TOKEN, { each: true, message: 'each scope value must be an RFC 6749 scope-token' })
  scope?: string[];

  @IsOptional()
  @IsString({ each: true })
  @Matches(SCOPE_TOKEN, {
    each: true,
    message: 'each default scope value must be an RFC 6749 scope-token',
  })
  defaultScope?: string[];

  @IsOptional()
  @IsIn([BEARER, MAC], { message: 'authenticationMethod must be BEARER or MAC' })
  authenticationMethod?: AuthenticationMethod;

  @IsOptional()
  @IsBoolean()
  refreshable?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  accessTokenExpiresIn?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  refreshTokenExpiresIn?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  refreshTokenAbsoluteExpiresIn?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  codeExpiresIn?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[^"\\\r\n]*$/, {
    message: 'realm must not contain quotes, backslashes or line breaks',
  })
  realm?: string;

  @IsOptional()
  @IsBoolean()
  allowPlainPkce?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  scopeCacheSeconds?: number;

  @IsOptional()
  @ValidateIf((options: OAuth2TokenOptionsSchema) => options.bruteForceLimits !== false)
  @ValidateNested({ message: 'bruteForceLimits must be an object or false' })
  bruteForceLimits?: BruteForceLimitsSchema | false;

  @IsOptional()
  @IsIn(['opaque', 'jwt'], { message: "accessTokenFormat must be 'opaque' or 'jwt'" })
  accessTokenFormat?: AccessTokenFormat;

  @ValidateIf(
    (options: OAuth2TokenOptionsSchema) =>
      options.signingKeys != null && !isDatabaseSigningKeys(options.signingKeys),
  )
  @IsArray({ message: "signingKeys must be an array of keys or { source: 'database', ... }" })
  signingKeys?: unknown;

  @IsOptional()
  @IsString()
  accessTokenAudience?: string;

  @IsOptional()
  @IsArray()
  @ValidateBy(
    {
      name: 'isResourceIndicator',
      validator: {
        validate: (value) => typeof value === 'string' && !resourceIndicatorProblem(value),
      },
    },
    {
      each: true,
      message: 'each of resources must be an absolute URI without fragment (RFC 8707 §2)',
    },
  )
  resources?: string[];
  /** Checked by `resolveDPoPSettings`. */
  @IsOptional()
  dpop?: unknown;
}

/** Validates one registration's options, failing fast with every problem named, and applies the defaults. */
export function resolveOAuth2TokenConfig(
  options: OAuth2TokenModuleOptions = {},
  issuer?: string,
): OAuth2TokenConfig {
  const candidate = Object.assign(new OAuth2TokenOptionsSchema(), options, {
    scope: options.scope?.map((value) => (typeof value === 'string' ? value : value?.key)),
  });
  if (options.scope === undefined) delete candidate.scope;
  if (options.bruteForceLimits && typeof options.bruteForceLimits === 'object') {
    candidate.bruteForceLimits = BruteForceLimitsSchema.of(options.bruteForceLimits);
  }
  validateOptions(candidate, 'OAuth2TokenModule');
  const jwt = jwtSettings(options, issuer);
  const {
    scope,
    bruteForceLimits: _,
    signingKeys: __,
    accessTokenAudience: ___,
    dpop: ____,
    ...rest
  } = candidate;
  return {
    ...DEFAULT_CONFIG,
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
    scope: scope ? new Set(scope) : undefined,
    bruteForceLimits: withDefaultLimits(options.bruteForceLimits),
    jwt,
    dpop: dpopSettings(options),
  } as OAuth2TokenConfig;
}

/** RFC 9068 settings: bearer only, with an issuer and valid signing keys (listed, or kept in the database). */
function jwtSettings(
  options: OAuth2TokenModuleOptions,
  issuer: string | undefined,
): JwtAccessTokenSettings | undefined {
  const wantsJwt = options.accessTokenFormat === 'jwt';
  const { signingKeys } = options;
  const database = isDatabaseSigningKeys(signingKeys);
  const hasKeys = database || (Array.isArray(signingKeys) && signingKeys.length > 0);
  const problems: string[] = [];
  if (wantsJwt && options.authenticationMethod === MAC) {
    problems.push('accessTokenFormat jwt is for bearer tokens; MAC tokens stay opaque');
  }
  if ((wantsJwt || signingKeys) && issuer === undefined) {
    problems.push('JWT access tokens need the issuer setting (their iss claim)');
  }
  if (wantsJwt && !hasKeys) {
    problems.push('accessTokenFormat jwt needs at least one of signingKeys');
  }
  let keys: ResolvedSigningKey[] | string[] = [];
  let databaseKeys: DatabaseKeySettings | string[] | undefined;
  if (database) databaseKeys = resolveDatabaseKeys(signingKeys);
  else if (Array.isArray(signingKeys)) keys = resolveSigningKeys(signingKeys);
  if (keys.some((key) => typeof key === 'string')) problems.push(...(keys as string[]));
  if (Array.isArray(databaseKeys)) problems.push(...databaseKeys);
  if (problems.length) throw new Error(`Invalid OAuth2TokenModule options: ${problems.join('; ')}`);
  if (!hasKeys || options.authenticationMethod === MAC) return undefined;
  return {
    issuer: issuer!,
    audience: options.accessTokenAudience ?? issuer!,
    keys: keys as ResolvedSigningKey[],
    database: databaseKeys as DatabaseKeySettings | undefined,
  };
}

/** DPoP proof checks, for bearer registrations only: a MAC token is already bound to its `mac_key`. */
function dpopSettings(options: OAuth2TokenModuleOptions) {
  if (!options.dpop) return undefined;
  if (options.authenticationMethod === MAC) {
    throw new Error('Invalid OAuth2TokenModule options: dpop is for bearer registrations, not MAC');
  }
  return resolveDPoPSettings(options.dpop, 'OAuth2TokenModule');
}
