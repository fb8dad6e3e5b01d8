import { InvalidRequest } from '../exceptions/index.js';
import { formUrlDecode } from './basic-credentials.js';
import type { TokenRequestParams } from '../interfaces/token-request.interface.js';

/**
 * Parses an application/x-www-form-urlencoded body strictly: a repeated name is `invalid_request`, names are
 * taken literally (`a[]` stays `a[]`, `__proto__` is just a name), and an empty value counts as absent.
 */
export function parseForm(body: string): TokenRequestParams {
  const params: Record<string, string | undefined> = Object.create(null);
  const seen = new Set<string>();
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = formUrlDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = formUrlDecode(eq < 0 ? '' : pair.slice(eq + 1));
    if (name === undefined || value === undefined)
      throw new InvalidRequest('Malformed form encoding');
    if (seen.has(name)) throw new InvalidRequest('A request parameter is repeated');
    seen.add(name);
    if (value !== '') params[name] = value;
  }
  return params;
}

/**
 * Accepts a body some other parser already turned into an object: every value must be a single string, so repeated
 * parameters (arrays) and bracket syntax (objects) are `invalid_request`.
 */
export function fromParsedBody(body: unknown): TokenRequestParams {
  const params: Record<string, string | undefined> = Object.create(null);
  if (body === null || typeof body !== 'object') return params;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string')
      throw new InvalidRequest('A request parameter is repeated or malformed');
    if (value !== '') params[name] = value;
  }
  return params;
}
