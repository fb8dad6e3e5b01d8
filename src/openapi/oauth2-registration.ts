import type { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OAuth2Routes } from '../interfaces/oauth2-routes.interface.js';
import {
  MAC,
  OAUTH2_GRANTS,
  OAUTH2_ISSUER,
  OAUTH2_ROUTES,
  OAUTH2_TOKEN_CONFIG,
  type AuthenticationMethod,
} from '../oauth2-token.constants.js';

/** What the document needs to know about one `OAuth2TokenModule` registration of the app. */
export interface OAuth2Registration {
  routes: OAuth2Routes;
  /** The `issuer` setting: the registration then mounts RFC 8414 metadata. */
  issuer?: string;
  /** The grant types the token endpoint offers, extension grants included. */
  grantTypes: string[];
  tokenType: 'bearer' | 'mac';
  refreshable: boolean;
  allowPlainPkce: boolean;
  /** Whether a DPoP proof binds the tokens (the `dpop` option). */
  dpop: boolean;
}

interface RegistrationConfig {
  authenticationMethod: AuthenticationMethod;
  refreshable: boolean;
  allowPlainPkce: boolean;
  dpop?: unknown;
}

type GrantMap = ReadonlyMap<string, { grantType: string; enabled?: boolean }>;

/**
 * Every registration of the app, read from its own providers (`OAUTH2_ROUTES`, `OAUTH2_ISSUER`, the resolved
 * options and grants), so that the document shows exactly what is mounted, for `forRoot` and `forRootAsync` alike.
 */
export function findOAuth2Registrations(app: INestApplicationContext): OAuth2Registration[] {
  const registrations: OAuth2Registration[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    const instanceOf = (token: symbol) => module.providers.get(token)?.instance;
    const routes = instanceOf(OAUTH2_ROUTES) as OAuth2Routes | undefined;
    if (!routes) continue;
    const config = instanceOf(OAUTH2_TOKEN_CONFIG) as RegistrationConfig | undefined;
    const grants = instanceOf(OAUTH2_GRANTS) as GrantMap | undefined;
    if (!config || !grants) {
      throw new Error('addOAuth2OpenApi needs a created app: call it after NestFactory.create');
    }
    registrations.push({
      routes,
      issuer: instanceOf(OAUTH2_ISSUER) as string | undefined,
      grantTypes: [...grants.values()].filter((g) => g.enabled !== false).map((g) => g.grantType),
      tokenType: config.authenticationMethod === MAC ? 'mac' : 'bearer',
      refreshable: config.refreshable,
      allowPlainPkce: config.allowPlainPkce,
      dpop: config.dpop !== undefined,
    });
  }
  return registrations;
}
