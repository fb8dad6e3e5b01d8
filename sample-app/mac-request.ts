import { signMacRequest } from 'nestjs-oauth2-token';
import { DEMO_CLIENT, DEMO_SCOPES, DEMO_USER } from './seed/demo-data.js';

/**
 * `npm run mac-request -- [url]`: the whole client side of MAC authentication. Gets a MAC token for the demo user
 * from `POST /token`, signs a GET of `url` with it and prints the answer.
 */
async function main(): Promise<void> {
  const target = new URL(process.argv[2] ?? 'http://127.0.0.1:3000/api/email');
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
  const token = (await tokenResponse.json()) as { access_token?: string; mac_key?: string };
  if (!token.access_token || !token.mac_key)
    throw new Error(`No MAC token: ${JSON.stringify(token)}`);
  process.stdout.write(`token: ${JSON.stringify(token)}\n`);

  const authorization = signMacRequest({
    id: token.access_token,
    macKey: token.mac_key,
    issuedAt,
    method: 'GET',
    uri: target.pathname + target.search,
    host: target.hostname,
    port: Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
  });
  process.stdout.write(`Authorization: ${authorization}\n`);
  const response = await fetch(target, { headers: { authorization } });
  process.stdout.write(`${response.status} ${await response.text()}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
