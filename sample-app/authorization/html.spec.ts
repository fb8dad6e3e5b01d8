import { describe, expect, it } from '@jest/globals';
import { formTargetsOf } from './html.js';

describe("formTargetsOf: the consent page's CSP form-action sources for a redirect URI", () => {
  it.each([
    ['https://client.example/cb?x=1', ['https://client.example']],
    ['http://127.0.0.1:3000/callback', ['http://127.0.0.1:3000']],
    ['com.example.app:/oauth2redirect', ['com.example.app:']],
    ['http://[::1]:8080/cb', ['http:']],
    ['https://a;script-src,b.example/cb', ['https:']],
  ])('%s → %j', (uri, sources) => {
    expect(formTargetsOf(uri)).toEqual(sources);
  });

  it.each([
    'javascript:alert(1)//',
    'data:text/html,x',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'http://client.example/cb',
  ])('%s, which the rules refuse: no source', (uri) => {
    expect(formTargetsOf(uri)).toEqual([]);
  });
});
