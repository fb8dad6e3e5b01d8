import { describe, expect, it } from '@jest/globals';
import { redactCredentials, redactUrl } from './redact-credentials.js';

describe('redactUrl: a DATABASE_URL fit to print', () => {
  it('hides the password and keeps the user, host, port, database and options', () => {
    expect(redactUrl('postgres://app:s3cret@db.example:5432/oauth?sslmode=require')).toBe(
      'postgres://app:***@db.example:5432/oauth?sslmode=require',
    );
    expect(redactUrl('postgresql://app:p%40ss%2Fw@db/oauth')).toBe('postgresql://app:***@db/oauth');
  });

  it('hides password-like query parameters', () => {
    const shown = redactUrl('postgres://db/oauth?user=app&password=s3cret&sslpassword=k3y');
    expect(shown).toBe('postgres://db/oauth?user=app&password=***&sslpassword=***');
  });

  it('returns a URL without credentials exactly as given', () => {
    for (const url of [
      'sqlite:sample-app/data/oauth2.sqlite',
      'sqlite:/tmp/a b.sqlite',
      'postgres://app@db/oauth',
    ]) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('hides all of a malformed userinfo (a raw / or @ in the password)', () => {
    expect(redactUrl('postgres://app:pa/ss@db/oauth')).toBe('postgres://***@db/oauth');
    expect(redactUrl('postgres://app:pa@ss@db/oauth')).not.toContain('pa@ss');
  });
});

describe('redactCredentials: free text', () => {
  it('hides the credentials of every URL in a message', () => {
    expect(
      redactCredentials(
        'connect to postgres://app:s3cret@db/oauth failed; retrying redis://:t0ken@cache:6379',
      ),
    ).toBe('connect to postgres://***@db/oauth failed; retrying redis://***@cache:6379');
    expect(redactCredentials('bad option in postgres://db/x?password=s3cret&ssl=1')).toBe(
      'bad option in postgres://db/x?password=***&ssl=1',
    );
  });

  it('leaves text without credentials alone', () => {
    const text = 'connect ECONNREFUSED 127.0.0.1:5432 (postgres://app@db:5432/oauth)';
    expect(redactCredentials(text)).toBe(text);
  });
});
