import { signMacRequest } from 'nestjs-oauth2-token';
import { DEMO_CLIENT } from '../../sample-app/seed/demo-data.js';

/** Routes of `resource.server.ts`. */
export const RESOURCE_PATHS = {
  open: 'bench/open',
  guarded: 'bench/guarded',
  opaqueToken: 'oauth2/token',
  jwtToken: 'jwt/token',
  macToken: 'mac/token',
} as const;

/** `iss` and `aud` of the resource server's JWTs. */
export const RESOURCE_ISSUER = 'https://bench.example';
/** Host and port MAC signatures cover. */
export const MAC_HOST = 'bench.example';
export const MAC_PORT = 443;

/**
 * What the resource scenario's request carries (issue 12 §5): (a) `open` no guard, (b) `opaque` a Bearer token looked
 * up in the database, (c) `jwt` a JWT verified locally, (e) `mac` a MAC token. (d), a DPoP-bound JWT (RFC 9449), is
 * for the DPoP work to add: a `dpop` variant here, its server kinds in servers.ts and its target in run.ts.
 */
export type ResourceVariant = 'open' | 'opaque' | 'jwt' | 'mac';

/** One GET the load repeats: path and headers, the headers new for each request when a function (MAC nonces). */
export interface ResourceRequest {
  path: string;
  headers: Record<string, string> | (() => Record<string, string>);
}

const AUTH = `Basic ${Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.secret}`).toString('base64')}`;

/** A client_credentials token (scope email) of the demo client from the server's endpoint at `path`. */
async function fetchToken(port: number, path: string): Promise<Record<string, string>> {
  const res = await fetch(`http://127.0.0.1:${port}/${path}`, {
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=email',
  });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, string>;
}

/** The request of `variant` against the server on `port`, with a token fetched from it first. */
export async function resourceRequest(
  variant: ResourceVariant,
  port: number,
): Promise<ResourceRequest> {
  const path = `/${RESOURCE_PATHS.guarded}`;
  if (variant === 'open') return { path: `/${RESOURCE_PATHS.open}`, headers: {} };
  if (variant === 'mac') {
    const token = await fetchToken(port, RESOURCE_PATHS.macToken);
    const receivedAt = Date.now();
    return {
      path,
      headers: () => ({
        authorization: signMacRequest({
          id: token.access_token,
          macKey: token.mac_key,
          method: 'GET',
          uri: path,
          host: MAC_HOST,
          port: MAC_PORT,
          issuedAt: receivedAt,
        }),
      }),
    };
  }
  const token = await fetchToken(
    port,
    variant === 'jwt' ? RESOURCE_PATHS.jwtToken : RESOURCE_PATHS.opaqueToken,
  );
  const isJwt = token.access_token.split('.').length === 3;
  if (isJwt !== (variant === 'jwt')) throw new Error(`${variant}: unexpected token format`);
  return { path, headers: { authorization: `Bearer ${token.access_token}` } };
}
