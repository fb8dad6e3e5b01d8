import { Catch, Inject, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { OAuth2TokenConfig } from '../config/oauth2-token-config.js';
import { OAUTH2_TOKEN_CONFIG } from '../oauth2-token.constants.js';
import { toOAuth2ErrorResponse } from './oauth2-error-response.js';
import { replyJson } from '../http/json-reply.js';

/**
 * Renders every failure of the routes it is bound to as an RFC 6749 §5.2 JSON error with no-store headers.
 * The module binds it to its own token controller only; the host app's routes are untouched.
 */
@Catch()
export class OAuth2ExceptionFilter implements ExceptionFilter {
  protected readonly logger = new Logger('OAuth2Token');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(OAUTH2_TOKEN_CONFIG) private readonly config: OAuth2TokenConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, headers, body } = toOAuth2ErrorResponse(
      exception,
      this.logger,
      this.config.realm,
    );
    replyJson(this.adapterHost, host.switchToHttp().getResponse(), status, body, headers);
  }
}
