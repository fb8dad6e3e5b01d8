import { STANDARD_GRANT_TYPES } from '../oauth2-token.constants.js';

const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** A grant type is one of RFC 6749's or an absolute URI (an extension grant, RFC 6749 §4.5). */
export function isValidGrantType(grantType: string): boolean {
  return (
    (STANDARD_GRANT_TYPES as readonly string[]).includes(grantType) || ABSOLUTE_URI.test(grantType)
  );
}
