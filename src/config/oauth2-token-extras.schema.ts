import { IsArray, IsOptional, IsString, ValidateBy } from 'class-validator';
import type { OAuth2TokenModuleExtras } from '../interfaces/oauth2-token-extras.interface.js';
import { validateOptions } from './validate-options.js';

/** RFC 8414 §2: an https URL (http allowed for local development) without query or fragment. */
function isIssuer(value: unknown): boolean {
  if (typeof value !== 'string' || value.includes('?') || value.includes('#')) return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** class-validator rules for the registration settings of `OAuth2TokenModuleExtras`, checked when it is built. */
class OAuth2TokenExtrasSchema {
  @IsOptional()
  @IsString()
  path?: string;

  @IsOptional()
  @IsString()
  revocationPath?: string;

  @IsOptional()
  @IsString()
  introspectionPath?: string;

  @IsOptional()
  @IsString()
  authorizationPath?: string;

  @IsOptional()
  @ValidateBy({
    name: 'isIssuer',
    validator: {
      validate: isIssuer,
      defaultMessage: () =>
        'issuer must be an https (or, for development, http) URL without query or fragment',
    },
  })
  issuer?: string;

  @IsOptional()
  @IsArray()
  grants?: unknown[];

  @IsOptional()
  @IsArray()
  providers?: unknown[];

  @IsOptional()
  @IsArray()
  imports?: unknown[];
}

const EXTRAS_KEYS = [
  'path',
  'revocationPath',
  'introspectionPath',
  'authorizationPath',
  'issuer',
  'grants',
  'providers',
  'imports',
] as const satisfies readonly (keyof OAuth2TokenModuleExtras)[];

/** Validates a registration's settings (the keys of `OAuth2TokenModuleExtras` among `options`), failing fast. */
export function validateOAuth2TokenExtras(options: OAuth2TokenModuleExtras): void {
  const candidate = new OAuth2TokenExtrasSchema();
  for (const key of EXTRAS_KEYS) {
    if (options[key] !== undefined) Object.assign(candidate, { [key]: options[key] });
  }
  validateOptions(candidate, 'OAuth2TokenModule');
}
