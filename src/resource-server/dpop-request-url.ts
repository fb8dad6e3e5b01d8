import type { OAuth2ResourceConfig } from './oauth2-resource-config.js';
import { requestUri, type ResourceRequest } from './request-origin.js';

/**
 * The URL a resource request's DPoP proof must name in `htu`: `publicOrigin` and the path as sent, else the scheme
 * and host the request shows (the connection's TLS and `Host`; `X-Forwarded-Proto`/`-Host` with
 * `trustProxyHeaders`).
 */
export function dpopRequestUrl(request: ResourceRequest, config: OAuth2ResourceConfig): string {
  const path = requestUri(request);
  if (config.publicOrigin) return `${config.publicOrigin}${path}`;
  const header = (name: string) => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.split(',')[0].trim();
  };
  const forwarded = config.trustProxyHeaders;
  const secure = forwarded
    ? header('x-forwarded-proto') === 'https'
    : Boolean((request.socket ?? request.raw?.socket)?.encrypted);
  const host = (forwarded && header('x-forwarded-host')) || header('host') || 'localhost';
  return `${secure ? 'https' : 'http'}://${host}${path}`;
}
