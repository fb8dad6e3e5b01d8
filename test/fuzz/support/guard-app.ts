import type { AddressInfo } from 'node:net';
import { BEARER, MAC, signMacRequest } from 'nestjs-oauth2-token';
import {
  EmailApiController,
  MAC_HOST,
  MAC_PORT,
  NotesApiController,
  parseChallenges,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
} from '../../support/resource-app.js';
import { formEncode } from './http-arbitraries.js';
import type { GuardCase, TokenChoice, TokenName } from './guard-cases.js';
import { sendRawHttp, type RawHttpRequest, type RawHttpResult } from './raw-http.js';

/** One resource-server app and its seeded tokens. */
interface GuardTarget {
  r: ResourceApp;
  port: number;
  tokens: Record<TokenName, IssuedToken>;
}

/** The two guard apps: `strict` (the defaults) and `lenient` (query and form-body tokens accepted). */
export interface GuardApps {
  strict: GuardTarget;
  lenient: GuardTarget;
  /** Sends a case (tokens filled in, MAC headers signed now) and checks the answer; resolves its status. */
  send(c: GuardCase): Promise<string>;
  /** Asserts that both apps still let the valid token through. */
  assertAlive(): Promise<void>;
  close(): Promise<void>;
}

async function startTarget(lenient: boolean): Promise<GuardTarget> {
  const r = await startResourceApp({
    resource: {
      authenticationMethods: BEARER | MAC,
      ...(lenient && { allowQueryToken: true, allowBodyToken: true }),
    },
    controllers: [EmailApiController, NotesApiController],
  });
  try {
    const tokens = {
      valid: await r.issue('bearer', 'email'),
      noScope: await r.issue('bearer', 'profile'),
      mac: await r.issue('mac', 'email'),
      revoked: await r.issue('bearer', 'email'),
      expired: await r.issue('bearer', 'email'),
    };
    await r.updateToken(tokens.revoked.access_token, { revokedAt: 1 });
    await r.updateToken(tokens.expired.access_token, { expiresAt: 1 });
    return { r, port: (r.http.address() as AddressInfo).port, tokens };
  } catch (error) {
    await r.close();
    throw error;
  }
}

/** Starts both apps on the test database (Express, or Fastify with TEST_HTTP_ADAPTER=fastify). */
export async function startGuardApps(): Promise<GuardApps> {
  const strict = await startTarget(false);
  const lenient = await startTarget(true).catch(async (error) => {
    await strict.r.close();
    throw error;
  });
  const apps = { strict, lenient };
  return {
    strict,
    lenient,
    async send(c) {
      const target = apps[c.app];
      const res = await sendRawHttp(target.port, renderGuardCase(c, target));
      return checkGuardAnswer(c, res);
    },
    async assertAlive() {
      for (const target of [strict, lenient]) {
        const res = await sendRawHttp(target.port, {
          method: 'GET',
          target: '/api/email',
          headers: [['Authorization', `Bearer ${target.tokens.valid.access_token}`]],
        });
        if (res.closed || res.status !== 200) throw new Error('the valid token no longer passes');
      }
    },
    async close() {
      await strict.r.close();
      await lenient.r.close();
    },
  };
}

function tokenValue(choice: TokenChoice, target: GuardTarget): string {
  if ('random' in choice) return choice.random;
  const token = target.tokens[choice.seeded].access_token;
  switch (choice.alter) {
    case 'flip':
      return (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    case 'append':
      return `${token}x`;
    case 'truncate':
      return token.slice(0, -1);
    case 'upper':
      return token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase();
    default:
      return token;
  }
}

/** The request of a case: the query with its tokens, each Authorization line (MAC ones signed for this request). */
export function renderGuardCase(c: GuardCase, target: GuardTarget): RawHttpRequest {
  const query = [
    ...(c.queryTokens.length
      ? [formEncode(c.queryTokens.map((t) => ['access_token', tokenValue(t, target)]))]
      : []),
    ...(c.query ? [c.query] : []),
  ].join('&');
  const uri = query ? `${c.path}?${query}` : c.path;
  const headers: [string, string][] = c.authorization.map((part) => {
    if (part.kind === 'raw') return ['Authorization', part.value];
    if (part.kind === 'bearer')
      return ['Authorization', `${part.scheme}${part.gap}${tokenValue(part.token, target)}`];
    const mac = target.tokens.mac;
    const signed = signMacRequest({
      id: mac.access_token,
      macKey: mac.mac_key ?? '',
      method: c.method,
      uri: part.tamper === 'other-uri' ? `${uri}x` : uri,
      host: MAC_HOST,
      port: MAC_PORT,
      issuedAt: mac.receivedAt,
    });
    if (part.tamper === 'mac')
      return [
        'Authorization',
        signed.replace(/mac="(.)/, (_, c0) => `mac="${c0 === 'A' ? 'B' : 'A'}`),
      ];
    if (part.tamper === 'id') return ['Authorization', signed.replace(/id="/, 'id="x')];
    if (part.tamper === 'nonce')
      return ['Authorization', signed.replace(/nonce="\d+/, 'nonce="999999')];
    return ['Authorization', signed];
  });
  let body: Buffer | undefined;
  if (c.body) {
    const fields: [string, string][] = c.body.fields.map(([name, value]) => [
      name,
      typeof value === 'string' ? value : tokenValue(value.token, target),
    ]);
    if (c.body.contentType) headers.push(['Content-Type', c.body.contentType]);
    body = Buffer.from(
      c.body.contentType === 'application/json'
        ? JSON.stringify(Object.fromEntries(fields))
        : formEncode(fields),
    );
  }
  headers.push(...c.extraHeaders);
  return { method: c.method, target: uri, headers, body };
}

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
    if (!c.routed || !carriesValidToken(c))
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
