import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BEARER, MAC, type AuthenticationMethod } from '../oauth2-token.constants.js';
import type { OAuth2TokenModuleOptions } from '../interfaces/oauth2-token-options.interface.js';
import { DEFAULT_CONFIG, type OAuth2TokenConfig } from './oauth2-token-config.js';
import { SCOPE_TOKEN } from './scope-token.js';
import { BruteForceLimitsSchema, withDefaultLimits } from './brute-force-limits.schema.js';
import { validateOptions } from './validate-options.js';

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
}

/** Validates one registration's options, failing fast with every problem named, and applies the defaults. */
export function resolveOAuth2TokenConfig(
  options: OAuth2TokenModuleOptions = {},
): OAuth2TokenConfig {
  const candidate = Object.assign(new OAuth2TokenOptionsSchema(), options, {
    scope: options.scope?.map((value) => (typeof value === 'string' ? value : value?.key)),
  });
  if (options.scope === undefined) delete candidate.scope;
  if (options.bruteForceLimits && typeof options.bruteForceLimits === 'object') {
    candidate.bruteForceLimits = BruteForceLimitsSchema.of(options.bruteForceLimits);
  }
  validateOptions(candidate, 'OAuth2TokenModule');
  const { scope, bruteForceLimits: _, ...rest } = candidate;
  return {
    ...DEFAULT_CONFIG,
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
    scope: scope ? new Set(scope) : undefined,
    bruteForceLimits: withDefaultLimits(options.bruteForceLimits),
  } as OAuth2TokenConfig;
}
