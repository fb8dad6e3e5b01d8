import type { HttpAdapterHost } from '@nestjs/core';

/** RFC 6749 §5.1/§5.2: responses holding tokens, and their errors, must never be cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** Sends a JSON response through whichever HTTP adapter (Express or Fastify) the app runs on. */
export function replyJson(
  adapterHost: HttpAdapterHost,
  response: unknown,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  const adapter = adapterHost.httpAdapter;
  for (const [name, value] of Object.entries({ ...NO_STORE, ...headers })) {
    adapter.setHeader(response, name, value);
  }
  adapter.setHeader(response, 'Content-Type', 'application/json; charset=utf-8');
  adapter.reply(response, body, status);
}
