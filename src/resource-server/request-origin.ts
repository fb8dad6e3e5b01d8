import type { OAuth2ResourceConfig } from './oauth2-resource-config.js';

/** The parts of an incoming request the authenticator reads (Express or Fastify). */
export interface ResourceRequest {
  method: string;
  /** Express keeps the URL as sent in `originalUrl`; Fastify in `url`. */
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  rawBody?: Buffer;
  socket?: { encrypted?: boolean };
  raw?: { socket?: { encrypted?: boolean } };
}

/** Host and port a MAC signature must cover: configured values first, then trusted proxy headers, then `Host`. */
export function macOrigin(
  request: ResourceRequest,
  config: OAuth2ResourceConfig,
): { host: string; port: number } {
  const header = (name: string) => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.split(',')[0].trim();
  };
  const forwarded = config.trustProxyHeaders;
  const hostHeader = (forwarded && header('x-forwarded-host')) || header('host') || '';
  const [, hostName = '', hostPort] = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(hostHeader) ?? [];
  const secure = forwarded
    ? header('x-forwarded-proto') === 'https'
    : Boolean((request.socket ?? request.raw?.socket)?.encrypted);
  const port =
    config.macPort ??
    Number((forwarded && header('x-forwarded-port')) || hostPort || (secure ? 443 : 80));
  return { host: config.macHost ?? hostName, port };
}

/** Path and query exactly as the client sent them. */
export function requestUri(request: ResourceRequest): string {
  return request.originalUrl ?? request.url;
}
