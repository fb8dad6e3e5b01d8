import type { AddressInfo } from 'node:net';
import { BEARER, MAC, signMacRequest } from 'nestjs-oauth2-token';
import {
  EmailApiController,
  MAC_HOST,
  MAC_PORT,
  NotesApiController,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
} from '../../support/resource-app.js';
import { formEncode } from './http-arbitraries.js';
import type { GuardCase, TokenChoice, TokenName } from './guard-cases.js';
import { checkGuardAnswer } from './guard-oracle.js';
import { sendRawHttp, type RawHttpRequest } from './raw-http.js';

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
