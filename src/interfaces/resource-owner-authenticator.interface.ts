import type { Client } from '../entities/client.entity.js';

/** The resource owner's credentials of a password grant: `username` or `email`, and `password`. */
export interface ResourceOwnerCredentials {
  username?: string;
  email?: string;
  password: string;
}

/**
 * Checks a resource owner's password for the password grant. The app provides it under the
 * `RESOURCE_OWNER_AUTHENTICATOR` token; without one the password grant is not offered.
 */
export interface ResourceOwnerAuthenticator {
  /** Resolves the user's id when the credentials are right and the user is active, else null. */
  authenticate(credentials: ResourceOwnerCredentials, client: Client): Promise<string | null>;
}
