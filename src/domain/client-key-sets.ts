import { Injectable } from '@nestjs/common';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  type JWTVerifyGetKey,
} from 'jose';
import type { Client } from '../entities/client.entity.js';
import { MAX_CLIENT_JWKS_BYTES, jwksUriProblem } from '../config/client-keys.js';

/** How a remote client JWK Set is fetched and cached. */
export const REMOTE_JWKS_POLICY: RemoteJwksPolicy = {
  /** The whole fetch, body included, must finish within this. */
  timeoutMs: 3000,
  /** A fetched set is used at most this long before it is fetched again (bounded staleness). */
  maxAgeMs: 10 * 60 * 1000,
  /** An unknown `kid` refetches the set at most once per this interval. */
  cooldownMs: 30 * 1000,
  /** At most this many key sets are cached (per kind); the oldest leaves first. */
  maxCached: 1000,
};

/** How a remote client JWK Set is fetched and cached (see `REMOTE_JWKS_POLICY`). */
export interface RemoteJwksPolicy {
  timeoutMs: number;
  maxAgeMs: number;
  cooldownMs: number;
  maxCached: number;
}

/**
 * The keys that verify a client's assertions: its registered `jwks`, or its `jwks_uri` fetched with a timeout, a
 * size bound, no redirects, and cached per URI (jose refetches on an unknown `kid` at most once per cooldown).
 */
@Injectable()
export class ClientKeySets {
  private readonly local = new Map<string, { json: string; keys: JWTVerifyGetKey }>();
  private readonly remote = new Map<string, JWTVerifyGetKey>();
  /** Timeout, staleness and refetch bounds; a subclass may tune them. */
  protected readonly policy: Readonly<RemoteJwksPolicy> = REMOTE_JWKS_POLICY;

  /** The client's key set, or undefined when it registered none usable. */
  forClient(client: Client): JWTVerifyGetKey | undefined {
    if (client.jwks) return this.localSet(client);
    if (client.jwksUri && !jwksUriProblem(client.jwksUri)) return this.remoteSet(client.jwksUri);
    return undefined;
  }

  private localSet(client: Client): JWTVerifyGetKey {
    // Keyed by the set's JSON: a re-registered set is never verified with the old keys.
    const json = JSON.stringify(client.jwks);
    const cached = this.local.get(client.clientId);
    if (cached?.json === json) return cached.keys;
    const keys = createLocalJWKSet(client.jwks as Parameters<typeof createLocalJWKSet>[0]);
    remember(this.local, client.clientId, { json, keys }, this.policy.maxCached);
    return keys;
  }

  private remoteSet(uri: string): JWTVerifyGetKey {
    const cached = this.remote.get(uri);
    if (cached) return cached;
    const keys = createRemoteJWKSet(new URL(uri), {
      timeoutDuration: this.policy.timeoutMs,
      cacheMaxAge: this.policy.maxAgeMs,
      cooldownDuration: this.policy.cooldownMs,
      [customFetch]: fetchBounded,
    });
    remember(this.remote, uri, keys, this.policy.maxCached);
    return keys;
  }
}

/** Adds to a bounded cache, dropping the oldest entry past `max`. */
function remember<V>(cache: Map<string, V>, key: string, value: V, max: number): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > max) cache.delete(cache.keys().next().value!);
}

/** `fetch` whose body may hold at most `MAX_CLIENT_JWKS_BYTES`: a larger one is refused before it is all read. */
async function fetchBounded(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (Number(response.headers.get('content-length')) > MAX_CLIENT_JWKS_BYTES) {
    await response.body?.cancel();
    throw new errors.JOSEError('The JSON Web Key Set is too large');
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    size += read.value.byteLength;
    if (size > MAX_CLIENT_JWKS_BYTES) {
      await reader!.cancel();
      throw new errors.JOSEError('The JSON Web Key Set is too large');
    }
    chunks.push(read.value);
  }
  return new Response(Buffer.concat(chunks), {
    status: response.status,
    headers: response.headers,
  });
}
