import type { IncomingMessage } from 'node:http';
import type { ResourceRequest } from './request-origin.js';

/**
 * The raw body, for a MAC `bodyhash`: the app's `rawBody`, or the unread stream (kept on `rawBody` for the
 * handler). Undefined when another parser consumed the body without keeping it.
 */
export async function readRequestBody(request: ResourceRequest): Promise<Buffer | undefined> {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
  const stream = ((request as { raw?: IncomingMessage }).raw ?? request) as IncomingMessage;
  if (request.body !== undefined || !stream.readable || stream.readableEnded) {
    return request.body === undefined ? Buffer.alloc(0) : undefined;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  request.rawBody = Buffer.concat(chunks);
  return request.rawBody;
}
