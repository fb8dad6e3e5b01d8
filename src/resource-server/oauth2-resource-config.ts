import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { validateOptions } from '../config/validate-options.js';
import { BEARER, MAC, MAX_FORM_BYTES, MAX_MAC_NONCE_WINDOW } from '../oauth2-token.constants.js';
import { resolveDPoPSettings, type DPoPSettings } from '../config/dpop-settings.js';
import type { OAuth2ResourceModuleOptions } from './oauth2-resource-options.interface.js';
import { resolveJwtVerification, type JwtVerificationConfig } from './jwt-verification-config.js';

/** Resource-server options after validation, with defaults applied. */
export type OAuth2ResourceConfig = Required<
  Omit<OAuth2ResourceModuleOptions, 'macHost' | 'macPort' | 'jwt' | 'dpop' | 'publicOrigin'>
> &
  Pick<OAuth2ResourceModuleOptions, 'macHost' | 'macPort' | 'publicOrigin'> & {
    readonly jwt?: JwtVerificationConfig;
    readonly dpop: DPoPSettings;
  };

class OAuth2ResourceOptionsSchema {
  @IsOptional()
  @IsIn([1, 2, 3, 4, 5, 6, 7], {
    message:
      'authenticationMethods must be BEARER, MAC, DPOP or a combination such as BEARER | DPOP',
  })
  authenticationMethods?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[^"\\\r\n]*$/, {
    message: 'realm must not contain quotes, backslashes or line breaks',
  })
  realm?: string;

  @IsOptional()
  @IsBoolean()
  allowBodyToken?: boolean;

  @IsOptional()
  @IsBoolean()
  allowQueryToken?: boolean;

  @IsOptional()
  @IsString()
  macHost?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  macPort?: number;

  @IsOptional()
  @IsBoolean()
  trustProxyHeaders?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_MAC_NONCE_WINDOW, {
    message: `macNonceWindow must not be greater than ${MAX_MAC_NONCE_WINDOW} (nonces are purged after that)`,
  })
  macNonceWindow?: number;

  @IsOptional()
  @IsBoolean()
  requireBodyHash?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  maxBodyBytes?: number;

  @IsOptional()
  @IsObject()
  jwt?: object;
  /** Checked by `resolveDPoPSettings`. */
  @IsOptional()
  dpop?: unknown;

  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+$/, {
    message: 'publicOrigin must be an http(s) origin without path, e.g. https://api.example.com',
  })
  publicOrigin?: string;
}

/** Validates the resource-server options, failing fast with every problem named, and applies the defaults. */
export function resolveOAuth2ResourceConfig(
  options: OAuth2ResourceModuleOptions = {},
): OAuth2ResourceConfig {
  validateOptions(
    Object.assign(new OAuth2ResourceOptionsSchema(), options),
    'OAuth2ResourceModule',
  );
  const jwt = options.jwt === undefined ? undefined : resolveJwtVerification(options.jwt);
  if (Array.isArray(jwt))
    throw new Error(`Invalid OAuth2ResourceModule options: ${jwt.join('; ')}`);
  return {
    authenticationMethods: BEARER | MAC,
    realm: '',
    allowBodyToken: false,
    allowQueryToken: false,
    trustProxyHeaders: false,
    macNonceWindow: MAX_MAC_NONCE_WINDOW,
    requireBodyHash: false,
    maxBodyBytes: MAX_FORM_BYTES,
    ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
    jwt,
    dpop: resolveDPoPSettings(options.dpop ?? {}, 'OAuth2ResourceModule'),
  };
}
