import { SetMetadata } from '@nestjs/common';
import { SKIP_OAUTH2 } from './oauth2-resource.constants.js';

/**
 * Lets a route (or controller) through `OAuth2Guard` without an access token, for apps that bind the guard app-wide.
 * The module's own endpoints (token, revocation, introspection, metadata) carry it already.
 */
export const SkipOAuth2 = () => SetMetadata(SKIP_OAUTH2, true);
