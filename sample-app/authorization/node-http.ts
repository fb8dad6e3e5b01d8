import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * An Express request (a Node request itself) or a Fastify one (wrapping it in `raw`); both tell the `protocol`,
 * taking `X-Forwarded-Proto` from the proxies they were told to trust.
 */
export type PlatformRequest =
  | (IncomingMessage & { originalUrl?: string; protocol?: string })
  | { raw: IncomingMessage; headers: IncomingMessage['headers']; protocol?: string };
/** An Express response (a Node response itself) or a Fastify reply (wrapping it in `raw`). */
export type PlatformResponse = ServerResponse | { raw: ServerResponse; hijack(): unknown };

/** The Node request under either platform's request. */
export function nodeRequest(request: PlatformRequest): IncomingMessage {
  return 'raw' in request ? request.raw : request;
}

/** The request's path and query as received (before any routing rewrote `url`). */
export function requestUrl(request: PlatformRequest): string {
  if ('raw' in request) return request.raw.url ?? '/';
  return request.originalUrl ?? request.url ?? '/';
}

/** Whether the request came over HTTPS: to the app itself, or to a proxy it trusts (TRUST_PROXY). */
export function isHttps(request: PlatformRequest): boolean {
  if (request.protocol !== undefined) return request.protocol === 'https';
  return (nodeRequest(request).socket as TLSSocket).encrypted === true;
}

/** The Node response under either platform's reply; a Fastify reply is told the page writes it itself. */
export function nodeResponse(response: PlatformResponse): ServerResponse {
  if ('hijack' in response) {
    response.hijack();
    return response.raw;
  }
  return response;
}
