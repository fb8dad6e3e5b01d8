import { signMacRequest } from 'nestjs-oauth2-token';
import { DEMO_CLIENT, DEMO_SCOPES, DEMO_USER } from './seed/demo-data.js';
import { baseUrlOf, settingsFromEnv } from './settings.js';

/** What `npm run mac-request` did: the MAC token it got, the header it signed and the API's answer. */
export interface MacExchange {
  token: { access_token: string; mac_key: string } & Record<string, unknown>;
  authorization: string;
  status: number;
  body: string;
}

/**
 * The URL `npm run mac-request -- [url]` signs a GET of: `url`, or `/api/email` of the sample app that HOST and
 * PORT of `env` start (the signature covers the host and port, so they must be the app's).
 */
export function macRequestTarget(url: string | undefined, env: NodeJS.ProcessEnv): URL {
  if (url !== undefined) return new URL(url);
  const { host, port } = settingsFromEnv(env);
  if (port === 0) throw new Error('With PORT=0, give the URL: npm run mac-request -- <url>');
  return new URL('/api/email', baseUrlOf(host, port));
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
