import {
  HttpException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { BEARER, DPOP, MAC } from '../oauth2-token.constants.js';
import { isDatabaseUnavailable } from '../persistence/database-errors.js';
import { OAuth2Authenticator } from './oauth2-authenticator.service.js';
import {
  OAUTH2_RESOURCE_CONFIG,
  OAUTH2_TOKEN_PROPERTY,
  REQUIRED_SCOPES,
  SKIP_OAUTH2,
} from './oauth2-resource.constants.js';
import type { OAuth2ResourceConfig } from './oauth2-resource-config.js';
import {
  AccessTokenKeysUnavailable,
  InsufficientScope,
  RequestBodyTooLarge,
  ResourceAccessError,
} from './resource-access.errors.js';

/** Each scheme's bit in `authenticationMethods`, its name in errors, and its name in challenges. */
const SCHEMES = [
  { bit: BEARER, scheme: 'bearer', name: 'Bearer' },
  { bit: MAC, scheme: 'mac', name: 'MAC' },
  { bit: DPOP, scheme: 'dpop', name: 'DPoP' },
] as const;

/**
 * Lets a request through when it carries a valid access token with the scopes of `@RequireScopes`; otherwise
 * answers 400/401/403 with an RFC 6750 §3 `WWW-Authenticate` challenge and a small JSON body. Bind it per route,
 * per controller or globally yourself; the library never registers it app-wide.
 */
@Injectable()
export class OAuth2Guard implements CanActivate {
  constructor(
    protected readonly authenticator: OAuth2Authenticator,
    protected readonly reflector: Reflector,
    protected readonly adapterHost: HttpAdapterHost,
    @Inject(OAUTH2_RESOURCE_CONFIG) protected readonly config: OAuth2ResourceConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(SKIP_OAUTH2, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest();
    const required = this.reflector.getAllAndMerge<string[]>(REQUIRED_SCOPES, targets) ?? [];
    try {
      request[OAUTH2_TOKEN_PROPERTY] = await this.authenticator.authenticate(request, [
        ...new Set(required),
      ]);
      return true;
    } catch (error) {
      if (isDatabaseUnavailable(error) || error instanceof AccessTokenKeysUnavailable) {
        this.adapterHost.httpAdapter.setHeader(http.getResponse(), 'Retry-After', '1');
        throw new ServiceUnavailableException({
          error: 'temporarily_unavailable',
          error_description: 'The service is temporarily unavailable; retry shortly',
        });
      }
      if (!(error instanceof ResourceAccessError)) throw error;
      const response = http.getResponse();
      this.adapterHost.httpAdapter.setHeader(response, 'WWW-Authenticate', this.challenges(error));
      for (const [name, value] of Object.entries(error.headers)) {
        this.adapterHost.httpAdapter.setHeader(response, name, value);
      }
      // The rest of an oversize body is not read: closing the connection stops a client that keeps sending.
      if (error instanceof RequestBodyTooLarge) {
        this.adapterHost.httpAdapter.setHeader(response, 'Connection', 'close');
      }
      throw new HttpException(
        error.error
          ? { error: error.error, error_description: error.message }
          : { error_description: error.message },
        error.status,
      );
    }
  }

  /** One challenge per scheme that could answer: the one the client used, else every accepted one. */
  protected challenges(error: ResourceAccessError): string {
    const schemes = SCHEMES.filter(({ bit, scheme }) =>
      error.scheme ? scheme === error.scheme : this.config.authenticationMethods & bit,
    );
    const params = [`realm="${this.config.realm}"`];
    if (error.error) params.push(`error="${error.error}"`, `error_description="${error.message}"`);
    if (error instanceof InsufficientScope) params.push(`scope="${error.requiredScope.join(' ')}"`);
    // RFC 9449 §7.1: a DPoP challenge names the proof algorithms the resource server accepts.
    const algs = `algs="${this.config.dpop.algorithms.join(' ')}"`;
    return schemes
      .map(
        ({ scheme, name }) =>
          `${name} ${(scheme === 'dpop' ? [...params, algs] : params).join(', ')}`,
      )
      .join(', ');
  }
}
