import type { IncomingMessage, ServerResponse } from 'node:http';

/** An Express request (a Node request itself) or a Fastify one (wrapping it in `raw`). */
export type PlatformRequest =
  | (IncomingMessage & { originalUrl?: string })
  | { raw: IncomingMessage; headers: IncomingMessage['headers'] };
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

/** The Node response under either platform's reply; a Fastify reply is told the page writes it itself. */
export function nodeResponse(response: PlatformResponse): ServerResponse {
  if ('hijack' in response) {
    response.hijack();
    return response.raw;
  }
  return response;
}
