import { Logger } from '@nestjs/common';
import { STANDARD_GRANT_TYPES } from '../oauth2-token.constants.js';
import type { OAuth2Grant } from './oauth2-grant.interface.js';

const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** Maps grant types to their handlers; a later handler of the same type replaces an earlier one. */
export function createGrantRegistry(grants: OAuth2Grant[]): ReadonlyMap<string, OAuth2Grant> {
  const registry = new Map<string, OAuth2Grant>();
  for (const grant of grants) {
    const type = grant.grantType;
    if (!(STANDARD_GRANT_TYPES as readonly string[]).includes(type) && !ABSOLUTE_URI.test(type)) {
      throw new Error(
        `Invalid OAuth2TokenModule grant "${type}": an extension grant type must be an absolute URI`,
      );
    }
    registry.set(type, grant);
  }
  if (registry.get('password')?.enabled !== false) {
    new Logger('OAuth2Token').warn(
      'The password grant is enabled; RFC 9700 §2.4 advises against it. Allow it only for clients that need it.',
    );
  }
  return registry;
}
