import type { IncomingMessage } from 'node:http';
import { readBounded } from '../http/bounded-read.js';
import { InvalidTokenRequest, RequestBodyTooLarge } from './resource-access.errors.js';
import type { ResourceRequest } from './request-origin.js';

/**
 * The raw body, for a MAC `bodyhash`: the app's `rawBody`, the text a parser decoded, or the unread stream (the last
 * two kept on `rawBody` for the handler). Undefined when another parser consumed the body without keeping it. A body
 * over `maxBytes`, declared by Content-Length or found while reading, is `RequestBodyTooLarge`.
 */
export async function readRequestBody(
  request: ResourceRequest,
  maxBytes: number,
): Promise<Buffer | undefined> {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
  if (Buffer.isBuffer(request.rawBody)) return withinLimit(request.rawBody, maxBytes);
  let body: Buffer;
  if (typeof request.body === 'string') {
    // Fastify's built-in text/plain parser keeps no rawBody, even with `rawBody: true`: it decodes the bytes as
    // UTF-8, so encoding the text again gives back the bytes of a UTF-8 body, and any other body fails the hash.
    body = withinLimit(Buffer.from(request.body, 'utf8'), maxBytes);
  } else {
    const stream = ((request as { raw?: IncomingMessage }).raw ?? request) as IncomingMessage;
    if (request.body !== undefined || !stream.readable || stream.readableEnded) {
      return request.body === undefined ? Buffer.alloc(0) : undefined;
    }
    body = await readBounded(stream, maxBytes, { tooLarge, incomplete });
  }
  request.rawBody = body;
  return body;
}

/** Answered with the MAC challenge: only a MAC `bodyhash` makes the guard read a body. */
function tooLarge(): RequestBodyTooLarge {
  return Object.assign(new RequestBodyTooLarge('The request body is too large'), {
    scheme: 'mac' as const,
  });
}

/** The client went away mid-body: its mistake, not a server error. */
function incomplete(): InvalidTokenRequest {
  return Object.assign(new InvalidTokenRequest('The request body was cut off'), {
    scheme: 'mac' as const,
  });
}

function withinLimit(body: Buffer, maxBytes: number): Buffer {
  if (body.length > maxBytes) throw tooLarge();
  return body;
}
