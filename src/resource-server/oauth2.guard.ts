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
import type { AuthenticatedToken } from './authenticated-token.interface.js';
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

/** What a route asks of the guard: `@SkipOAuth2` and the scopes of `@RequireScopes`. */
interface RoutePolicy {
  skip: boolean;
  scopes: string[];
}

/**
 * Lets a request through when it carries a valid access token with the scopes of `@RequireScopes`; otherwise
 * answers 400/401/403 with an RFC 6750 §3 `WWW-Authenticate` challenge and a small JSON body. Bind it per route,
 * per controller or globally yourself; the library never registers it app-wide.
 */
@Injectable()
export class OAuth2Guard implements CanActivate {
  /** Per controller, per handler: decorators do not change after bootstrap, so each route's is read once. */
  private readonly policies = new WeakMap<object, WeakMap<object, RoutePolicy>>();

  constructor(
    protected readonly authenticator: OAuth2Authenticator,
    protected readonly reflector: Reflector,
    protected readonly adapterHost: HttpAdapterHost,
    @Inject(OAUTH2_RESOURCE_CONFIG) protected readonly config: OAuth2ResourceConfig,
  ) {}

  /** Synchronous when the token needs no I/O (a cached JWT): the guard runs on every API call. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const policy = this.policy(context);
    if (policy.skip) return true;
    const http = context.switchToHttp();
    const request = http.getRequest();
    try {
      const token = this.authenticator.resolve(request, policy.scopes);
      if (!(token instanceof Promise)) return this.admit(request, token);
      return token.then(
        (resolved) => this.admit(request, resolved),
        (error: unknown) => this.refuse(error, http.getResponse()),
      );
    } catch (error) {
      return this.refuse(error, http.getResponse());
    }
  }

  private policy(context: ExecutionContext): RoutePolicy {
    const [handler, controller] = [context.getHandler(), context.getClass()];
    let byHandler = this.policies.get(controller);
    if (!byHandler) this.policies.set(controller, (byHandler = new WeakMap()));
    let policy = byHandler.get(handler);
    if (!policy) {
      const targets = [handler, controller];
      const scopes = this.reflector.getAllAndMerge<string[]>(REQUIRED_SCOPES, targets) ?? [];
      policy = {
        skip: Boolean(this.reflector.getAllAndOverride<boolean>(SKIP_OAUTH2, targets)),
        scopes: [...new Set(scopes)],
      };
      byHandler.set(handler, policy);
    }
    return policy;
  }

  private admit(request: Record<string, unknown>, token: AuthenticatedToken): true {
    request[OAUTH2_TOKEN_PROPERTY] = token;
    return true;
  }

  /** Throws the HTTP answer to a failed authentication: 503 when keys or database are out of reach, else 400–403. */
  private refuse(error: unknown, response: unknown): never {
    const adapter = this.adapterHost.httpAdapter;
    if (isDatabaseUnavailable(error) || error instanceof AccessTokenKeysUnavailable) {
      adapter.setHeader(response, 'Retry-After', '1');
      throw new ServiceUnavailableException({
        error: 'temporarily_unavailable',
        error_description: 'The service is temporarily unavailable; retry shortly',
      });
    }
    if (!(error instanceof ResourceAccessError)) throw error;
    adapter.setHeader(response, 'WWW-Authenticate', this.challenges(error));
    for (const [name, value] of Object.entries(error.headers)) {
      adapter.setHeader(response, name, value);
    }
    // The rest of an oversize body is not read: closing the connection stops a client that keeps sending.
    if (error instanceof RequestBodyTooLarge) adapter.setHeader(response, 'Connection', 'close');
    throw new HttpException(
      error.error
        ? { error: error.error, error_description: error.message }
        : { error_description: error.message },
      error.status,
    );
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
