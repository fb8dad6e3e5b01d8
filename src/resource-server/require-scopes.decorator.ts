import { SetMetadata } from '@nestjs/common';
import { REQUIRED_SCOPES } from './oauth2-resource.constants.js';

/** The scopes a route (or every route of a controller) requires; all must be granted. */
export const RequireScopes = (...scopes: string[]) => SetMetadata(REQUIRED_SCOPES, scopes);
