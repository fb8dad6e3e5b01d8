import { Inject, Injectable, Optional } from '@nestjs/common';
import { ScopeStore } from '../persistence/scope.store.js';
import type { OAuth2Grant } from '../interfaces/oauth2-grant.interface.js';
import {
  OAUTH2_GRANTS,
  OAUTH2_ISSUER,
  OAUTH2_ROUTES,
  OAUTH2_TOKEN_CONFIG,
} from '../oauth2-token.constants.js';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import type { OAuth2Routes } from '../interfaces/oauth2-routes.interface.js';
import { jwksPath } from './jwks-controller.factory.js';

import { CLIENT_ASSERTION_ALGORITHMS } from '../config/client-keys.js';

const CLIENT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
];
const ASSERTION_ALGORITHMS = [...CLIENT_ASSERTION_ALGORITHMS];

/** RFC 8414 authorization server metadata, derived from what this registration actually mounts and offers. */
@Injectable()
export class AuthorizationServerMetadata {
  constructor(
    private readonly scopes: ScopeStore,
    @Inject(OAUTH2_ROUTES) private readonly routes: OAuth2Routes,
    @Inject(OAUTH2_GRANTS) private readonly grants: ReadonlyMap<string, OAuth2Grant>,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
    @Optional() @Inject(OAUTH2_ISSUER) private readonly issuer?: string,
  ) {}

  async describe(): Promise<Record<string, unknown>> {
    if (!this.issuer) throw new Error('Authorization server metadata needs the `issuer` setting');
    const url = (path?: string) =>
      path === undefined ? undefined : `${this.issuer!.replace(/\/$/, '')}/${path}`;
    // RFC 8414 §2: a grant that needs the authorization endpoint is listed only with one.
    const grantTypes = [...this.grants.values()]
      .filter((grant) => grant.enabled !== false)
      .map((grant) => grant.grantType)
      .filter((type) => type !== 'authorization_code' || this.routes.authorization);
    const scopes = await this.scopes.keys();
    const confidentialMethods = CLIENT_AUTH_METHODS.filter((method) => method !== 'none');
    return withoutUndefined({
      issuer: this.issuer,
      authorization_endpoint: url(this.routes.authorization),
      token_endpoint: url(this.routes.token),
      jwks_uri: this.config.jwt
        ? new URL(`/${jwksPath(this.issuer)}`, this.issuer).href
        : undefined,
      revocation_endpoint: url(this.routes.revocation),
      introspection_endpoint: url(this.routes.introspection),
      grant_types_supported: grantTypes,
      response_types_supported: this.routes.authorization ? ['code'] : [],
      response_modes_supported: this.routes.authorization ? ['query'] : undefined,
      scopes_supported: scopes,
      token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
      revocation_endpoint_auth_methods_supported: this.routes.revocation
        ? CLIENT_AUTH_METHODS
        : undefined,
      revocation_endpoint_auth_signing_alg_values_supported: this.routes.revocation
        ? ASSERTION_ALGORITHMS
        : undefined,
      introspection_endpoint_auth_methods_supported: this.routes.introspection
        ? confidentialMethods
        : undefined,
      introspection_endpoint_auth_signing_alg_values_supported: this.routes.introspection
        ? ASSERTION_ALGORITHMS
        : undefined,
      code_challenge_methods_supported: this.config.allowPlainPkce ? ['S256', 'plain'] : ['S256'],
      authorization_response_iss_parameter_supported: this.routes.authorization ? true : undefined,
      dpop_signing_alg_values_supported: this.config.dpop?.algorithms,
    });
  }
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
