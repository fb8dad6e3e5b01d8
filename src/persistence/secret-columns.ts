import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { AccessToken } from '../entities/access-token.entity.js';
import { Client } from '../entities/client.entity.js';
import { Code } from '../entities/code.entity.js';
import { SigningKey } from '../entities/signing-key.entity.js';

/**
 * Per entity, the properties whose values no log may show: a credential's hash lets whoever reads the log look the
 * row up, the MAC key signs requests, a `plain` PKCE challenge is the verifier itself,
 * and a signing key's private half, even encrypted, stays out of logs.
 */
const SECRET_COLUMNS = new Map<EntityTarget<ObjectLiteral>, ReadonlySet<string>>([
  [
    AccessToken,
    new Set(['tokenHash', 'refreshTokenHash', 'macKey'] satisfies (keyof AccessToken)[]),
  ],
  [Code, new Set(['codeHash', 'codeChallenge'] satisfies (keyof Code)[])],
  [Client, new Set(['secretHash'] satisfies (keyof Client)[])],
  // Encrypted, yet a log is no place for it: whoever also gets the app's key would read the private key.
  [SigningKey, new Set(['privateKey'] satisfies (keyof SigningKey)[])],
]);

/** Whether `property` of `target` holds a secret that logs must mask. */
export function isSecretColumn(target: EntityTarget<ObjectLiteral>, property: string): boolean {
  return SECRET_COLUMNS.get(target)?.has(property) ?? false;
}

/** Whether `target` has any such column. */
export function hasSecretColumns(target: EntityTarget<ObjectLiteral>): boolean {
  return SECRET_COLUMNS.has(target);
}
