import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { readBounded } from './bounded-read.js';

const errors = {
  tooLarge: () => new Error('too large'),
  incomplete: () => new Error('incomplete'),
};
const stream = (...chunks: string[]) =>
  Readable.from(chunks.map((c) => Buffer.from(c))) as unknown as IncomingMessage;

describe('readBounded', () => {
  it('reads a body up to the limit', async () => {
    await expect(readBounded(stream('ab', 'cd'), 4, errors)).resolves.toEqual(Buffer.from('abcd'));
  });

  it('refuses a body over the limit', async () => {
    await expect(readBounded(stream('ab', 'cde'), 4, errors)).rejects.toThrow('too large');
  });

  it('answers a body the client cut off as incomplete, not as the stream error', async () => {
    const cut = new Readable({ read() {} });
    cut.push(Buffer.from('ab'));
    setImmediate(() => cut.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    await expect(readBounded(cut as unknown as IncomingMessage, 4, errors)).rejects.toThrow(
      'incomplete',
    );
  });
});
