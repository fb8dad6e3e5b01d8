import { describe, expect, it } from '@jest/globals';
import { baseUrlOf, settingsFromEnv } from './settings.js';

describe('SEED_DEMO: the demo data only where it belongs', () => {
  it('is seeded into the default SQLite file unless SEED_DEMO=0', () => {
    expect(settingsFromEnv({}).seedDemo).toBe(true);
    expect(settingsFromEnv({ DATABASE_URL: 'sqlite:sample-app/data/oauth2.sqlite' }).seedDemo).toBe(
      true,
    );
    expect(settingsFromEnv({ SEED_DEMO: '0' }).seedDemo).toBe(false);
  });

  it('is seeded into any other database only with SEED_DEMO=1', () => {
    for (const DATABASE_URL of ['postgres://app@db/oauth', 'sqlite:/var/lib/app/oauth2.sqlite']) {
      expect(settingsFromEnv({ DATABASE_URL }).seedDemo).toBe(false);
      expect(settingsFromEnv({ DATABASE_URL, SEED_DEMO: '1' }).seedDemo).toBe(true);
    }
  });

  it.each(['true', 'yes', '2', ' 1'])('refuses SEED_DEMO=%p', (SEED_DEMO) => {
    expect(() => settingsFromEnv({ SEED_DEMO })).toThrow('SEED_DEMO must be 1');
  });
});

describe('TRUST_PROXY: which proxies are believed', () => {
  it('believes none when unset', () => {
    expect(settingsFromEnv({}).trustProxy).toEqual([]);
    expect(settingsFromEnv({ TRUST_PROXY: ' ' }).trustProxy).toEqual([]);
  });

  it('takes addresses, CIDR ranges and the loopback, linklocal and uniquelocal names', () => {
    expect(
      settingsFromEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.7 ,fd00::/8,::1' }).trustProxy,
    ).toEqual(['loopback', '10.0.0.0/8', '192.168.1.7', 'fd00::/8', '::1']);
  });

  it.each([
    'true',
    '*',
    '1',
    'proxy.internal',
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/8/1',
    'loopback,',
  ])('refuses TRUST_PROXY=%p (believing any client, or not an address)', (TRUST_PROXY) => {
    expect(() => settingsFromEnv({ TRUST_PROXY })).toThrow('TRUST_PROXY must list the proxies');
  });
});

describe('baseUrlOf: the URL of HOST and PORT', () => {
  it('is http://HOST:PORT, an unspecified address shown as loopback, IPv6 in brackets', () => {
    expect(baseUrlOf('127.0.0.1', 3100)).toBe('http://127.0.0.1:3100');
    expect(baseUrlOf('localhost', 3000)).toBe('http://localhost:3000');
    expect(baseUrlOf('0.0.0.0', 8080)).toBe('http://127.0.0.1:8080');
    expect(baseUrlOf('::', 3000)).toBe('http://[::1]:3000');
    expect(baseUrlOf('fe80::1', 3000)).toBe('http://[fe80::1]:3000');
  });
});
