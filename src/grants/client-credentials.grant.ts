import { Injectable } from '@nestjs/common';
import { UnauthorizedClient } from '../exceptions/index.js';
import { ScopePolicy } from '../services/scope-policy.service.js';
import type { GrantRequest, OAuth2Grant, PreparedGrant } from './oauth2-grant.interface.js';

/** RFC 6749 §4.4: a confidential client's own token; its user is the client's owner; no refresh token (§4.4.3). */
@Injectable()
export class ClientCredentialsGrant implements OAuth2Grant {
  readonly grantType = 'client_credentials';

  constructor(protected readonly scopes: ScopePolicy) {}

  async validate({ client, scope }: GrantRequest): Promise<PreparedGrant> {
    if (client.isPublic) {
      throw new UnauthorizedClient('A public client cannot use the client_credentials grant');
    }
    return {
      userId: client.ownerId,
      scope: scope ?? (await this.scopes.defaultScope()),
      refreshable: false,
    };
  }
}
