import type { IncomingMessage } from 'node:http';

/**
 * Reads a request stream of at most `maxBytes`; past that it rejects at once with `tooLarge()` and drains the rest,
 * so the socket stays usable for the error response.
 */
export function readBounded(
  stream: IncomingMessage,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      chunks.length = 0;
      reject(tooLarge());
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
