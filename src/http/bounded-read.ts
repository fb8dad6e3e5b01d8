import type { IncomingMessage } from 'node:http';

/** The client errors of a body read: too large, or cut off (the client went away mid-body). */
export interface BoundedReadErrors {
  tooLarge(): Error;
  incomplete(): Error;
}

/**
 * Reads a request stream of at most `maxBytes`; past that it rejects at once with `tooLarge()` and drains the rest,
 * so the socket stays usable for the error response. A stream that breaks off is the client's doing: `incomplete()`.
 */
export function readBounded(
  stream: IncomingMessage,
  maxBytes: number,
  errors: BoundedReadErrors,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      chunks.length = 0;
      reject(errors.tooLarge());
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', () => reject(errors.incomplete()));
  });
}
