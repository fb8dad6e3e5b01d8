import { signMacRequest } from 'nestjs-oauth2-token';
import { DEMO_CLIENT } from '../../sample-app/seed/demo-data.js';
// The e2e suites' DPoP client (ES256 by default, what clients such as oauth4webapi use): one proof builder for both.
import { dpopKey, proof } from '../../test/dpop/support/dpop-proof.js';
import { DPoPProofPool } from './dpop-proofs.js';

/** Routes of `resource.server.ts`. */
export const RESOURCE_PATHS = {
  open: 'bench/open',
  allowAll: 'bench/allow-all',
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
 * What the resource scenario's request carries (issue 12 §5): (a) `open` no guard, `allow` a guard that lets
 * every request through (what any Nest guard costs: the floor under the others), (b) `opaque` a Bearer token looked
 * up in the database, (c) `jwt` a JWT verified locally, (d) `dpop` a DPoP-bound JWT (RFC 9449) verified locally with a
 * new proof each request, (e) `mac` a MAC token.
 */
export type ResourceVariant = 'open' | 'allow' | GuardedVariant | `open_${GuardedVariant}` | 'mac';

/**
 * The variants with a target (issue 12 §5). `open_<variant>` sends the very request of `<variant>` (its token, its
 * proof) to the route without a guard: the difference is what the guard costs, not what receiving a token costs.
 */
export type GuardedVariant = 'opaque' | 'jwt' | 'dpop';

/** The resource server's `publicOrigin`: DPoP proofs name it in `htu`, not the 127.0.0.1 the load calls. */
export const RESOURCE_ORIGIN = 'https://bench.example';
/** DPoP proofs signed ahead of each load: a buffer for when signing falls behind the server for a moment. */
const DPOP_POOL_SIZE = 2000;

/**
 * One GET the load repeats: path and headers, the headers new for each request when a function (MAC nonces, DPoP
 * proofs); `prepare`, when present, runs before each load (fresh DPoP proofs).
 */
export interface ResourceRequest {
  path: string;
  headers: Record<string, string> | (() => Record<string, string>);
  prepare?: () => Promise<void>;
}

const AUTH = `Basic ${Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.secret}`).toString('base64')}`;

/**
 * A client_credentials token (scope email) of the demo client from the server's endpoint at `path`, bound to the key
 * of the `dpop` proof when given one.
 */
async function fetchToken(
  port: number,
  path: string,
  dpop?: string,
): Promise<Record<string, string>> {
  const res = await fetch(`http://127.0.0.1:${port}/${path}`, {
    method: 'POST',
    headers: {
      authorization: AUTH,
      'content-type': 'application/x-www-form-urlencoded',
      ...(dpop && { dpop }),
    },
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
  if (variant === 'allow') return { path: `/${RESOURCE_PATHS.allowAll}`, headers: {} };
  if (variant.startsWith('open_')) {
    const guarded = await resourceRequest(variant.slice('open_'.length) as GuardedVariant, port);
    return { ...guarded, path: `/${RESOURCE_PATHS.open}` };
  }
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
  if (variant === 'dpop') return dpopRequest(port, path);
  const token = await fetchToken(
    port,
    variant === 'jwt' ? RESOURCE_PATHS.jwtToken : RESOURCE_PATHS.opaqueToken,
  );
  const isJwt = token.access_token.split('.').length === 3;
  if (isJwt !== (variant === 'jwt')) throw new Error(`${variant}: unexpected token format`);
  return { path, headers: { authorization: `Bearer ${token.access_token}` } };
}

/** (d): a JWT bound to a new key at the token endpoint, then `DPoP <token>` with a proof of that key per request. */
async function dpopRequest(port: number, path: string): Promise<ResourceRequest> {
  const key = await dpopKey();
  // At a token endpoint with an issuer, `htu` is the published `<issuer>/<path>`.
  const tokenProof = await proof(key, {
    htm: 'POST',
    htu: `${RESOURCE_ISSUER}/${RESOURCE_PATHS.jwtToken}`,
  });
  const token = await fetchToken(port, RESOURCE_PATHS.jwtToken, tokenProof);
  if (token.token_type !== 'DPoP') throw new Error(`dpop: token_type ${token.token_type}`);
  const accessToken = token.access_token;
  const pool = new DPoPProofPool(
    () => proof(key, { htm: 'GET', htu: `${RESOURCE_ORIGIN}${path}`, accessToken }),
    DPOP_POOL_SIZE,
  );
  return {
    path,
    headers: () => ({ authorization: `DPoP ${accessToken}`, dpop: pool.take() }),
    prepare: () => pool.refill(),
  };
}
