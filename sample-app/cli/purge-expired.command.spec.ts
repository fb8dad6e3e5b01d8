import { describe, expect, it } from '@jest/globals';
import { CliUsageError } from './cli-command.js';
import { purgeExpired } from './purge-expired.command.js';

describe('purge-expired [--batch-size N]', () => {
  it('takes an optional positive batch size', () => {
    expect(purgeExpired.parse({})).toEqual({ batchSize: undefined });
    expect(purgeExpired.parse({ 'batch-size': '7' })).toEqual({ batchSize: 7 });
  });

  it.each(['0', '-3', '1.5', 'ten', '1000000', ''])('refuses --batch-size %p', (value) => {
    expect(() => purgeExpired.parse({ 'batch-size': value })).toThrow(CliUsageError);
  });
});
