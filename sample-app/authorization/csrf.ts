import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Name of the cookie, and of the hidden form field, holding the consent form's anti-CSRF token. */
export const CSRF_COOKIE = 'sample_authorize_csrf';
export const CSRF_FIELD = 'csrf_token';

/**
 * The cookie's name over HTTPS. A `__Host-` cookie must be Secure, for Path=/ and without Domain, so neither a
 * plain-HTTP response (a network attacker's) nor a sibling subdomain can set or overwrite it (RFC 6265bis §4.1.3).
 */
const SECURE_CSRF_COOKIE = `__Host-${CSRF_COOKIE}`;

/**
 * A double-submit token for the consent form: a fresh random value per rendered form, set in an HttpOnly,
 * SameSite=Strict cookie and repeated in a hidden field. Another site can neither read the cookie nor make the
 * browser send it with a cross-site POST, so it cannot forge an approval. Over HTTPS the cookie is the Secure
 * `__Host-` one and only that one counts; over plain HTTP (local development) it is scoped to the page's path.
 */
export class CsrfToken {
  private constructor(readonly value: string) {}

  static create(): CsrfToken {
    return new CsrfToken(randomBytes(32).toString('base64url'));
  }

  /** The `Set-Cookie` value for this token; `secure` when the page was served over HTTPS. */
  cookie(path: string, secure: boolean): string {
    return serializeCookie(this.value, path, secure, 600);
  }

  /** The `Set-Cookie` value that deletes the token once the form was used. */
  static clearCookie(path: string, secure: boolean): string {
    return serializeCookie('', path, secure, 0);
  }

  /**
   * Whether the form's token equals the cookie's (the `__Host-` one when `secure`), compared in constant time;
   * absent or empty never matches.
   */
  static matches(
    request: IncomingMessage,
    formValue: string | undefined,
    secure: boolean,
  ): boolean {
    const cookieValue = readCookie(request, secure ? SECURE_CSRF_COOKIE : CSRF_COOKIE);
    if (!cookieValue || !formValue) return false;
    const digest = (value: string) => createHash('sha256').update(value).digest();
    return timingSafeEqual(digest(cookieValue), digest(formValue));
  }
}

function serializeCookie(value: string, path: string, secure: boolean, maxAge: number): string {
  return [
    `${secure ? SECURE_CSRF_COOKIE : CSRF_COOKIE}=${value}`,
    `Path=${secure ? '/' : path}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The value of one cookie of the request; a cookie sent twice is treated as absent. */
function readCookie(request: IncomingMessage, name: string): string | undefined {
  const values = (request.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1));
  return values.length === 1 ? values[0] : undefined;
}
