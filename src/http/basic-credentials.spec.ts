import { describe, expect, it } from '@jest/globals';
import { parseBasicCredentials } from './basic-credentials.js';

const header = (raw: string) => `Basic ${Buffer.from(raw, 'utf8').toString('base64')}`;

describe('parseBasicCredentials', () => {
  it('form-urldecodes id and secret (RFC 6749 Appendix B)', () => {
    expect(parseBasicCredentials(header('my+client%3A1:a%3Ab%2Bc%25'))).toEqual({
      clientId: 'my client:1',
      clientSecret: 'a:b+c%',
    });
  });

  it('splits at the first colon only', () => {
    expect(parseBasicCredentials(header('id:se:cr:et'))?.clientSecret).toBe('se:cr:et');
  });

  it('accepts any case of the scheme', () => {
    expect(parseBasicCredentials(`bAsIc ${Buffer.from('id:s').toString('base64')}`)?.clientId).toBe(
      'id',
    );
  });

  it.each([
    ['another scheme', 'Bearer abc'],
    ['no colon', header('idonly')],
    ['an empty id', header(':secret')],
    ['bad base64', 'Basic !!!'],
    ['a bad escape', header('id:%ZZ')],
  ])('rejects %s', (_name, value) => {
    expect(parseBasicCredentials(value)).toBeUndefined();
  });
});
