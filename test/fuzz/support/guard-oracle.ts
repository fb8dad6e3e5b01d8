import { parseChallenges } from '../../support/resource-app.js';
import type { GuardCase, TokenChoice } from './guard-cases.js';
import type { RawHttpResult } from './raw-http.js';

/** Whether any place of the request holds a token that may pass: the valid Bearer token, or an untampered MAC. */
function carriesValidToken(c: GuardCase): boolean {
  const valid = (t: TokenChoice) => 'seeded' in t && t.seeded === 'valid' && !t.alter;
  const [first] = c.authorization;
  const header =
    (first?.kind === 'bearer' && valid(first.token)) ||
    (first?.kind === 'signed-mac' && first.tamper === 'none');
  const lenient = c.app === 'lenient';
  const query = lenient && c.queryTokens.length === 1 && valid(c.queryTokens[0]);
  const body =
    lenient &&
    c.body?.fields.some(
      ([name, value]) => name === 'access_token' && typeof value !== 'string' && valid(value.token),
    );
  return Boolean(header || query || body);
}

function fail(message: string): never {
  throw new Error(message);
}

const RESOURCE_ERRORS: Record<number, readonly (string | undefined)[]> = {
  400: ['invalid_request'],
  401: ['invalid_token', undefined],
  403: ['insufficient_scope'],
  413: ['invalid_request'],
};

/**
 * Checks a guard's answer: never silence or a 5xx; a 2xx only for a request carrying a valid token (and always for a
 * clean one); on a protected route a refusal is a documented 400/401/403/413 with JSON `error_description` (and
 * `error`), and one RFC 6750 challenge per scheme whose params appear once and agree with the body. A route that is
 * not protected may answer 404, and a body the platform's parser refuses may get the platform's 400 or 413.
 */
export function checkGuardAnswer(c: GuardCase, res: RawHttpResult): string {
  if (res.closed) fail('the connection closed without a response');
  if (res.status >= 500) fail(`answered ${res.status}: ${res.text.slice(0, 300)}`);
  if (res.status >= 200 && res.status < 300) {
    // Express routes paths case-insensitively (`/API/EMAIL`): a 2xx from an unlisted path is fine with a valid token.
    if (!carriesValidToken(c))
      fail(`${res.status} without a valid token: ${res.text.slice(0, 200)}`);
    return String(res.status);
  }
  if (c.clean) fail(`the valid token was refused: ${res.status} ${res.text.slice(0, 200)}`);
  if (!c.routed && res.status === 404) return '404 from the router';
  const json = res.json as Record<string, unknown> | undefined;
  const challenge = res.headers['www-authenticate']?.join(', ');
  if (challenge === undefined && c.body && (res.status === 400 || res.status === 413)) {
    return `${res.status} from the body parser`;
  }
  if (!(res.status in RESOURCE_ERRORS))
    fail(`undocumented status ${res.status}: ${res.text.slice(0, 300)}`);
  if (!/^application\/json/.test(res.headers['content-type']?.[0] ?? ''))
    fail(`${res.status} is not JSON`);
  if (c.method === 'HEAD') return `${res.status} (HEAD)`;
  if (typeof json?.error_description !== 'string')
    fail(`no error_description: ${res.text.slice(0, 300)}`);
  const { error, error_description: _description, ...rest } = json;
  if (Object.keys(rest).length) fail(`unexpected members: ${res.text.slice(0, 300)}`);
  if (!RESOURCE_ERRORS[res.status].includes(error as string | undefined))
    fail(`${String(error)} with ${res.status}`);
  const challenges = parseChallenges(challenge);
  if (challenges.length === 0) fail(`${res.status} without a WWW-Authenticate challenge`);
  for (const { scheme, params } of challenges) {
    if (scheme !== 'Bearer' && scheme !== 'MAC') fail(`challenge scheme ${scheme}`);
    const names = params.map(([name]) => name);
    if (new Set(names).size !== names.length) fail(`a repeated challenge param: ${challenge}`);
    if (!names.includes('realm')) fail(`no realm: ${challenge}`);
    if (Object.fromEntries(params).error !== error)
      fail(`challenge error differs from the body: ${challenge}`);
  }
  return `${res.status} ${String(error ?? 'no error')}`;
}
