import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Client } from '../entities/client.entity.js';
import { InvalidGrant, InvalidRequest, UnauthorizedClient } from '../exceptions/index.js';
import { RESOURCE_OWNER_AUTHENTICATOR } from '../oauth2-token.constants.js';
import type {
  ResourceOwnerAuthenticator,
  ResourceOwnerCredentials,
} from '../interfaces/resource-owner-authenticator.interface.js';
import { FailureLimiter } from '../domain/failure-limiter.service.js';
import { OAuth2Audit } from '../events/oauth2-audit.service.js';
import { ScopePolicy } from '../domain/scope-policy.service.js';
import type {
  GrantRequest,
  OAuth2Grant,
  PreparedGrant,
} from '../interfaces/oauth2-grant.interface.js';
import type { TokenRequestParams } from '../interfaces/token-request.interface.js';

/**
 * RFC 6749 §4.3: `username` or `email`, and `password`, checked by the app's `ResourceOwnerAuthenticator`.
 * Offered only when the app provides one; wrong password, unknown and inactive user get one answer.
 */
@Injectable()
export class PasswordGrant implements OAuth2Grant {
  readonly grantType = 'password';
  /** Audit events (`oauth2.*`); property-injected so subclasses keep their constructors. */
  @Inject(OAuth2Audit) protected readonly audit: OAuth2Audit;

  constructor(
    protected readonly scopes: ScopePolicy,
    protected readonly limiter: FailureLimiter,
    @Optional()
    @Inject(RESOURCE_OWNER_AUTHENTICATOR)
    protected readonly authenticator?: ResourceOwnerAuthenticator,
  ) {}

  get enabled(): boolean {
    return this.authenticator !== undefined;
  }

  async validate({ params, client, scope, address }: GrantRequest): Promise<PreparedGrant> {
    const credentials = this.credentials(params);
    this.checkClient(client);
    const userId = await this.authenticateOwner(credentials, client, address);
    return { userId, scope: scope ?? (await this.scopes.defaultScope()) };
  }

  /** `username` (or `email`) and `password`, all required. */
  protected credentials({
    username,
    email,
    password,
  }: TokenRequestParams): ResourceOwnerCredentials {
    if ((username === undefined && email === undefined) || password === undefined) {
      throw new InvalidRequest('username (or email) and password are required');
    }
    return { username, email, password };
  }

  /** RFC 9700 §2.4: the password grant is for confidential clients only. */
  protected checkClient(client: Client): void {
    if (client.isPublic)
      throw new UnauthorizedClient('A public client cannot use the password grant');
  }

  /**
   * The user's id from the app's authenticator; every failure gets one answer. Wrong passwords count against the
   * user's brute-force budgets (RFC 6749 §4.3.2), checked before the password is.
   */
  protected async authenticateOwner(
    credentials: ResourceOwnerCredentials,
    client: Client,
    address?: string,
  ): Promise<string> {
    const owner = (credentials.username ?? credentials.email)!;
    await this.limiter.checkOwner(owner, address);
    const userId = await this.authenticator!.authenticate(credentials, client);
    if (userId === null || userId === undefined) {
      this.audit.emit({
        type: 'resource_owner.authentication_failed',
        clientId: client.clientId,
        username: owner,
        address,
      });
      await this.limiter.ownerFailed(owner, address);
      throw new InvalidGrant('The resource owner credentials are invalid');
    }
    return String(userId);
  }
}
