import { Logger } from '@nestjs/common';
import { isValidGrantType } from '../config/grant-type.js';
import type { OAuth2Grant } from '../interfaces/oauth2-grant.interface.js';

let passwordWarningShown = false;

/** Maps grant types to their handlers; a later handler of the same type replaces an earlier one. */
export function createGrantRegistry(grants: OAuth2Grant[]): ReadonlyMap<string, OAuth2Grant> {
  const registry = new Map<string, OAuth2Grant>();
  for (const grant of grants) {
    const type = grant.grantType;
    if (!isValidGrantType(type)) {
      throw new Error(
        `Invalid OAuth2TokenModule grant "${type}": an extension grant type must be an absolute URI`,
      );
    }
    registry.set(type, grant);
  }
  if (registry.get('password')?.enabled !== false && !passwordWarningShown) {
    passwordWarningShown = true;
    new Logger('OAuth2Token').warn(
      'The password grant is enabled; RFC 9700 §2.4 advises against it. Allow it only for clients that need it.',
    );
  }
  return registry;
}
