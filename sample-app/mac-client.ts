import { signMacRequest } from 'nestjs-oauth2-token';
import { DEMO_CLIENT, DEMO_SCOPES, DEMO_USER } from './seed/demo-data.js';

/** What `npm run mac-request` did: the MAC token it got, the header it signed and the API's answer. */
export interface MacExchange {
  token: { access_token: string; mac_key: string } & Record<string, unknown>;
  authorization: string;
  status: number;
  body: string;
}

/** The URL `npm run mac-request -- [url]` signs a GET of: `url`, or the sample app's `/api/email`. */
export function macRequestTarget(url: string | undefined, _env: NodeJS.ProcessEnv): URL {
  return new URL(url ?? 'http://127.0.0.1:3000/api/email');
}

/**
 * The whole client side of MAC authentication: gets a MAC token for the demo user from `POST /token` of the
 * target's origin, signs a GET of `target` with it and sends it.
 */
export async function macRequest(target: URL): Promise<MacExchange> {
  const basic = Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.secret}`).toString('base64');
  const tokenResponse = await fetch(new URL('/token', target), {
    method: 'POST',
    headers: { authorization: `Basic ${basic}` },
    body: new URLSearchParams({
      grant_type: 'password',
      username: DEMO_USER.username,
      password: DEMO_USER.password,
      scope: DEMO_SCOPES.map((scope) => scope.key).join(' '),
    }),
  });
  const issuedAt = Date.now();
  const token = (await tokenResponse.json()) as Partial<MacExchange['token']>;
  if (!token.access_token || !token.mac_key) {
    throw new Error(`No MAC token: ${JSON.stringify(token)}`);
  }
  const authorization = signMacRequest({
    id: token.access_token,
    macKey: token.mac_key,
    issuedAt,
    method: 'GET',
    uri: target.pathname + target.search,
    host: target.hostname,
    port: Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
  });
  const response = await fetch(target, { headers: { authorization } });
  return {
    token: token as MacExchange['token'],
    authorization,
    status: response.status,
    body: await response.text(),
  };
}
