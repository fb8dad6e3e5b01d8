import type { IncomingMessage } from 'node:http';
import { InvalidRequest, PayloadTooLarge } from '../exceptions/index.js';
import { MAX_FORM_BYTES } from '../oauth2-token.constants.js';
import { readBounded } from './bounded-read.js';
import { fromParsedBody, parseForm } from './form-parser.js';
import type { TokenRequestParams } from '../interfaces/token-request.interface.js';

/** The parts of an Express or Fastify request the reader looks at. */
interface HttpRequestLike {
  headers: IncomingMessage['headers'];
  body?: unknown;
  rawBody?: Buffer;
  raw?: IncomingMessage;
}

const BODY_ERRORS = {
  tooLarge: () => new PayloadTooLarge('The request body is too large'),
  incomplete: () => new InvalidRequest('The request body was cut off'),
};

const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\s*(;.*)?$/i;

/**
 * Reads the token request's form body. It parses the raw bytes itself whenever it can: the app's `rawBody`, or the
 * unread stream when body parsing is off. Otherwise it accepts what the app's parser made, value by value.
 * Query-string parameters are never read.
 */
export async function readFormBody(request: HttpRequestLike): Promise<TokenRequestParams> {
  const contentType = request.headers['content-type'] ?? '';
  if (!FORM_CONTENT_TYPE.test(contentType)) {
    throw new InvalidRequest('The body must be application/x-www-form-urlencoded');
  }
  if (Number(request.headers['content-length'] ?? 0) > MAX_FORM_BYTES) {
    throw new PayloadTooLarge('The request body is too large');
  }
  const charset = /;\s*charset="?([^";]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new InvalidRequest('The body must be UTF-8');
  }
  if (Buffer.isBuffer(request.rawBody)) {
    if (request.rawBody.length > MAX_FORM_BYTES)
      throw new PayloadTooLarge('The request body is too large');
    return parseForm(decodeUtf8(request.rawBody));
  }
  const stream = request.raw ?? (request as unknown as IncomingMessage);
  if (request.body === undefined && stream.readable && !stream.readableEnded) {
    return parseForm(decodeUtf8(await readBounded(stream, MAX_FORM_BYTES, BODY_ERRORS)));
  }
  return fromParsedBody(request.body);
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidRequest('The body must be UTF-8');
  }
}
