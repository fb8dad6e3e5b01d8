import type { IncomingMessage } from 'node:http';

/** The client errors of a body read: too large, or cut off (the client went away mid-body). */
export interface BoundedReadErrors {
  tooLarge(): Error;
  incomplete(): Error;
}

/**
 * How much of a body past the limit is still read and dropped, and for how long, while the 413 goes out: its
 * `Connection: close` makes Node close the socket once the answer is sent, and this bound cuts it even if the answer
 * never goes out, so a client that keeps sending cannot hold the connection until Node's request timeout.
 */
export const OVERSIZE_DRAIN = { bytes: 64 * 1024, ms: 1000 } as const;

/**
 * Reads a request stream of at most `maxBytes`; past that it rejects at once with `tooLarge()` (answer it with
 * `Connection: close`) and drains at most `OVERSIZE_DRAIN` before it destroys the socket. A stream that breaks off is
 * the client's doing: `incomplete()`.
 */
export function readBounded(
  stream: IncomingMessage,
  maxBytes: number,
  errors: BoundedReadErrors,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const read = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      chunks.length = 0;
      stream.off('data', read);
      reject(errors.tooLarge());
      drainThenClose(stream);
    };
    stream.on('data', read);
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', () => reject(errors.incomplete()));
  });
}

/** Drops what still arrives, up to `OVERSIZE_DRAIN`, then destroys the connection (a no-op once Node closed it). */
function drainThenClose(stream: IncomingMessage): void {
  const connection = stream.socket ?? stream;
  let drained = 0;
  const close = () => {
    clearTimeout(timer);
    connection.destroy();
  };
  const timer = setTimeout(close, OVERSIZE_DRAIN.ms);
  timer.unref();
  connection.once('close', () => clearTimeout(timer));
  stream.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > OVERSIZE_DRAIN.bytes) close();
  });
}
