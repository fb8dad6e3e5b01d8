import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

/** A POST whose body never ends, sent over a raw TCP socket. */
export interface EndlessBodyRequest {
  path: string;
  /** Request headers besides Host, Connection and the framing header. */
  headers: Record<string, string>;
  /** `chunked`: Transfer-Encoding: chunked; `content-length`: a declared 1 GiB the client never finishes. */
  framing: 'chunked' | 'content-length';
  /** How long the client keeps sending before it gives up on the server closing. @default 3000 */
  giveUpAfterMs?: number;
}

/** What the client saw: the answer's status and `Connection` header, and when the server closed the socket. */
export interface EndlessBodyOutcome {
  status: number | undefined;
  connection: string | undefined;
  /** Milliseconds from the first body byte until the server closed the connection; undefined if it never did. */
  closedAfterMs: number | undefined;
  /** Body bytes the client had handed to its socket by then (or when it gave up). */
  bytesSent: number;
}

const CHUNK = Buffer.alloc(16 * 1024, 'a');
const INTERVAL_MS = 5;

/**
 * Sends `request` to the app's server and keeps writing 16 KiB every 5 ms (about 3 MB/s) whatever the server
 * answers, until the server closes the connection (FIN or reset) or `giveUpAfterMs` passes: a client that ignores
 * an early 413, as a careless or hostile one does.
 */
export function sendEndlessBody(
  server: Server,
  request: EndlessBodyRequest,
): Promise<EndlessBodyOutcome> {
  const { port } = server.address() as AddressInfo;
  const framing =
    request.framing === 'chunked'
      ? 'Transfer-Encoding: chunked'
      : `Content-Length: ${1024 * 1024 * 1024}`;
  const head = [
    `POST ${request.path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    framing,
    ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  const piece =
    request.framing === 'chunked'
      ? Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')])
      : CHUNK;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let bytesSent = 0;
    let startedAt = 0;
    let closedAfterMs: number | undefined;
    let writer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearInterval(writer);
      clearTimeout(giveUp);
      socket.destroy();
      const [statusLine = '', ...headerLines] = received.split('\r\n\r\n')[0].split('\r\n');
      const connection = headerLines
        .map((line) => /^connection:\s*(.*)$/i.exec(line)?.[1])
        .find((value) => value !== undefined);
      resolve({
        status: /^HTTP\/1\.[01] (\d{3})/.test(statusLine)
          ? Number(statusLine.slice(9, 12))
          : undefined,
        connection,
        closedAfterMs,
        bytesSent,
      });
    };
    const closed = () => {
      closedAfterMs ??= Date.now() - startedAt;
      finish();
    };
    socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
    socket.on('end', closed);
    socket.on('error', closed);
    const giveUp = setTimeout(finish, request.giveUpAfterMs ?? 3000);
    socket.on('connect', () => {
      socket.write(head);
      startedAt = Date.now();
      writer = setInterval(() => {
        if (socket.destroyed || !socket.writable) return;
        socket.write(piece);
        bytesSent += CHUNK.length;
      }, INTERVAL_MS);
    });
  });
}

/**
 * The outcome as the tests judge it: `closed` when the server closed the connection within 2 s and 1 MiB of body
 * (a bounded drain; about 50 ms and 100 KiB measured), where a server that drains forever leaves it open until the
 * client gives up.
 */
export function closedPromptly(outcome: EndlessBodyOutcome): {
  status: number | undefined;
  connection: string | undefined;
  closed: boolean;
} {
  return {
    status: outcome.status,
    connection: outcome.connection,
    closed:
      outcome.closedAfterMs !== undefined &&
      outcome.closedAfterMs < 2000 &&
      outcome.bytesSent < 1024 * 1024,
  };
}
