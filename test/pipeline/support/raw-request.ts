import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request sent byte for byte, without supertest's defaults (such as a form content type for strings). */
export interface RawRequest {
  /** @default 'POST' */
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with `Transfer-Encoding: chunked` instead of a Content-Length. @default false */
  chunked?: boolean;
}

/** The response: status, headers, text and the JSON body when there is one. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: unknown;
}

/** Sends `request` to the app's HTTP server, listening on an ephemeral port for the duration when needed. */
export async function sendRaw(server: Server, request: RawRequest): Promise<RawResponse> {
  const started = !server.listening;
  if (started) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await exchange((server.address() as AddressInfo).port, request);
  } finally {
    if (started) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function exchange(port: number, request: RawRequest): Promise<RawResponse> {
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const headers: Record<string, string> = { connection: 'close', ...request.headers };
  if (request.chunked) headers['transfer-encoding'] = 'chunked';
  else headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: request.method ?? 'POST', path: request.path, headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text,
            body: json(text),
          });
        });
      },
    );
    // The server may answer (e.g. 413) before it has read all of an oversize body; only the answer matters.
    outgoing.on('error', reject);
    if (request.chunked) {
      for (let at = 0; at < body.length; at += 8192) outgoing.write(body.subarray(at, at + 8192));
    } else if (body.length > 0) {
      outgoing.write(body);
    }
    outgoing.end();
  });
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
