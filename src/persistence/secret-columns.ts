import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { AccessToken } from '../entities/access-token.entity.js';
import { Client } from '../entities/client.entity.js';
import { Code } from '../entities/code.entity.js';

/**
 * Per entity, the properties whose values no log may show: a credential's hash lets whoever reads the log look the
 * row up, the MAC key signs requests, and a `plain` PKCE challenge is the verifier itself.
 */
const SECRET_COLUMNS = new Map<EntityTarget<ObjectLiteral>, ReadonlySet<string>>([
  [
    AccessToken,
    new Set(['tokenHash', 'refreshTokenHash', 'macKey'] satisfies (keyof AccessToken)[]),
  ],
  [Code, new Set(['codeHash', 'codeChallenge'] satisfies (keyof Code)[])],
  [Client, new Set(['secretHash'] satisfies (keyof Client)[])],
]);

/** Whether `property` of `target` holds a secret that logs must mask. */
export function isSecretColumn(target: EntityTarget<ObjectLiteral>, property: string): boolean {
  return SECRET_COLUMNS.get(target)?.has(property) ?? false;
}

/** Whether `target` has any such column. */
export function hasSecretColumns(target: EntityTarget<ObjectLiteral>): boolean {
  return SECRET_COLUMNS.has(target);
}
