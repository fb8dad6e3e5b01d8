import { Injectable } from '@nestjs/common';
import type { Client } from '../entities/client.entity.js';
import { UnauthorizedClient } from '../exceptions/index.js';
import { ScopePolicy } from '../domain/scope-policy.service.js';
import type {
  GrantRequest,
  OAuth2Grant,
  PreparedGrant,
} from '../interfaces/oauth2-grant.interface.js';

/** RFC 6749 §4.4: a confidential client's own token; its user is the client's owner; no refresh token (§4.4.3). */
@Injectable()
export class ClientCredentialsGrant implements OAuth2Grant {
  readonly grantType = 'client_credentials';

  constructor(protected readonly scopes: ScopePolicy) {}

  async validate({ client, scope }: GrantRequest): Promise<PreparedGrant> {
    this.checkClient(client);
    return {
      userId: this.userOf(client),
      scope: scope ?? (await this.scopes.defaultScope()),
      refreshable: false,
    };
  }

  /** RFC 6749 §4.4: only a confidential client authenticates for its own token. */
  protected checkClient(client: Client): void {
    if (client.isPublic) {
      throw new UnauthorizedClient('A public client cannot use the client_credentials grant');
    }
  }

  /** Whom the token is for: the client's owner, or nobody (null). */
  protected userOf(client: Client): string | null {
    return client.ownerId;
  }
}
