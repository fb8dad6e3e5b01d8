import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedToken } from './authenticated-token.interface.js';
import { OAUTH2_TOKEN_PROPERTY } from './oauth2-resource.constants.js';

/** The token `OAuth2Guard` validated for this request: user id, client, scopes, expiry. */
export const OAuth2User = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedToken | undefined =>
    context.switchToHttp().getRequest()[OAUTH2_TOKEN_PROPERTY],
);
