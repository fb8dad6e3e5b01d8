import { connect } from 'node:net';

/** How the request's body is framed. */
export type BodyFraming =
  /** `Content-Length` equal to the body's length (no header when there is no body). */
  | { kind: 'exact' }
  /** No `Content-Length` and no `Transfer-Encoding`: the server must take the body as empty. */
  | { kind: 'none' }
  /** `Transfer-Encoding: chunked`, in chunks of `size` bytes (larger for a large body: 256 chunks at most). */
  | { kind: 'chunked'; size: number }
  /** `Content-Length` larger than the body, then the client half-closes: a body cut off in transit. */
  | { kind: 'cut'; missing: number };

/** One HTTP/1.1 request written byte for byte on a socket of its own: no client library normalises it. */
export interface RawHttpRequest {
  method: string;
  /** The request-target as sent, e.g. `/oauth2/token?x=1`. */
  target: string;
  /** Header lines in order; a name may repeat. Values are sent as UTF-8 bytes. */
  headers: readonly (readonly [string, string])[];
  body?: Buffer;
  /** @default { kind: 'exact' } */
  framing?: BodyFraming;
  /** Changes the encoded bytes before they are sent (malformed HTTP); the client then half-closes the connection. */
  corrupt?: (bytes: Buffer) => Buffer;
}

/** A parsed response, or `closed` when the server ended the connection without answering. */
export type RawHttpResult =
  | {
      closed: false;
      status: number;
      /** Header names lower-cased; repeated headers keep every value. */
      headers: Record<string, string[]>;
      text: string;
      /** The body parsed as JSON, or undefined. */
      json: unknown;
    }
  | { closed: true };

/** How long a request may go unanswered before it counts as a hang. */
export const RESPONSE_TIMEOUT_MS = 10_000;

/** The request's bytes, exactly as they go on the wire. */
export function encodeRequest(request: RawHttpRequest): Buffer {
  const body = request.body ?? Buffer.alloc(0);
  const framing = request.framing ?? { kind: 'exact' };
  const lines = [`${request.method} ${request.target} HTTP/1.1`, 'Host: 127.0.0.1'];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  lines.push('Connection: close');
  let payload = body;
  if (framing.kind === 'exact' && body.length > 0) lines.push(`Content-Length: ${body.length}`);
  if (framing.kind === 'cut') lines.push(`Content-Length: ${body.length + framing.missing}`);
  if (framing.kind === 'chunked') {
    lines.push('Transfer-Encoding: chunked');
    payload = chunked(body, Math.max(framing.size, Math.ceil(body.length / 256)));
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), payload]);
}

/**
 * Sends `request` to 127.0.0.1:`port` and reads the response up to the server's close. Rejects when nothing comes
 * back within `RESPONSE_TIMEOUT_MS`: a server that neither answers nor closes is hanging.
 */
export function sendRawHttp(port: number, request: RawHttpRequest): Promise<RawHttpResult> {
  const encoded = encodeRequest(request);
  const bytes = request.corrupt ? request.corrupt(encoded) : encoded;
  // A cut or malformed request may leave the server waiting for bytes that never come: the client's end says so.
  const halfClose = request.framing?.kind === 'cut' || request.corrupt !== undefined;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no response within ${RESPONSE_TIMEOUT_MS} ms`));
    }, RESPONSE_TIMEOUT_MS);
    socket.on('connect', () => {
      // The server may answer and close before it has read everything (e.g. a 413); only the answer matters.
      socket.write(bytes, () => undefined);
      if (halfClose) socket.end();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    socket.on('end', () => socket.end());
  });
}

function chunked(body: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) {
    const part = body.subarray(at, at + size);
    parts.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/** The first final response on the connection (a `100 Continue` before it and anything after it are ignored). */
function parseResponse(data: Buffer): RawHttpResult {
  while (/^HTTP\/1\.[01] 1\d\d /.test(data.subarray(0, 16).toString('latin1'))) {
    data = data.subarray(data.indexOf('\r\n\r\n') + 4);
  }
  if (data.length === 0) return { closed: true };
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`Unparsable response: ${data.toString('latin1').slice(0, 200)}`);
  const [statusLine, ...headerLines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (!status) throw new Error(`Unparsable status line: ${statusLine}`);
  const headers: Record<string, string[]> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  let body = data.subarray(end + 4);
  if (headers['transfer-encoding']?.some((value) => /chunked/i.test(value))) body = dechunk(body);
  else if (headers['content-length']) body = body.subarray(0, Number(headers['content-length'][0]));
  const text = body.toString('utf8');
  return { closed: false, status: Number(status), headers, text, json: parseJson(text) };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
