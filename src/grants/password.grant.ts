import { Inject, Injectable, Optional } from '@nestjs/common';
import { InvalidGrant, InvalidRequest, UnauthorizedClient } from '../exceptions/index.js';
import { RESOURCE_OWNER_AUTHENTICATOR } from '../oauth2-token.constants.js';
import type { ResourceOwnerAuthenticator } from '../interfaces/resource-owner-authenticator.interface.js';
import { ScopePolicy } from '../services/scope-policy.service.js';
import type { GrantRequest, OAuth2Grant, PreparedGrant } from './oauth2-grant.interface.js';

/**
 * RFC 6749 §4.3: `username` or `email`, and `password`, checked by the app's `ResourceOwnerAuthenticator`.
 * Offered only when the app provides one; wrong password, unknown and inactive user get one answer.
 */
@Injectable()
export class PasswordGrant implements OAuth2Grant {
  readonly grantType = 'password';

  constructor(
    protected readonly scopes: ScopePolicy,
    @Optional()
    @Inject(RESOURCE_OWNER_AUTHENTICATOR)
    protected readonly authenticator?: ResourceOwnerAuthenticator,
  ) {}

  get enabled(): boolean {
    return this.authenticator !== undefined;
  }

  async validate({ params, client, scope }: GrantRequest): Promise<PreparedGrant> {
    const { username, email, password } = params;
    if ((username === undefined && email === undefined) || password === undefined) {
      throw new InvalidRequest('username (or email) and password are required');
    }
    if (client.isPublic)
      throw new UnauthorizedClient('A public client cannot use the password grant');
    const userId = await this.authenticator!.authenticate({ username, email, password }, client);
    if (userId === null || userId === undefined) {
      throw new InvalidGrant('The resource owner credentials are invalid');
    }
    return { userId: String(userId), scope: scope ?? (await this.scopes.defaultScope()) };
  }
}
