import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { OVERSIZE_DRAIN, readBounded } from './bounded-read.js';

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

describe('readBounded past the limit', () => {
  /** A stream that yields 16 KiB whenever read, forever, counting what it gave. */
  function endless() {
    const given = { bytes: 0 };
    const source = new Readable({
      read() {
        given.bytes += 16 * 1024;
        setImmediate(() => this.push(Buffer.alloc(16 * 1024)));
      },
    });
    return { source, given };
  }

  it('drains at most OVERSIZE_DRAIN.bytes more, then destroys the connection', async () => {
    const { source, given } = endless();
    await expect(readBounded(source as unknown as IncomingMessage, 4, errors)).rejects.toThrow(
      'too large',
    );
    await new Promise((resolve) => source.once('close', resolve));
    expect(given.bytes).toBeLessThanOrEqual(OVERSIZE_DRAIN.bytes + 4 * 16 * 1024);
  });

  it('destroys the connection after OVERSIZE_DRAIN.ms when the client stalls instead', async () => {
    const stalled = new Readable({ read() {} });
    stalled.push(Buffer.alloc(8));
    const startedAt = Date.now();
    await expect(readBounded(stalled as unknown as IncomingMessage, 4, errors)).rejects.toThrow(
      'too large',
    );
    await new Promise((resolve) => stalled.once('close', resolve));
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(OVERSIZE_DRAIN.ms - 50);
  });
});
