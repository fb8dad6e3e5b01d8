import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Client,
  ClientRegistry,
  InvalidRegistration,
  OAuth2TokenModule,
} from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';

const ABSOLUTE = /absolute URI/;
const FRAGMENT = /fragment/;
const HTTPS = /must use https, or http only on a loopback host \(RFC 8252 §7\.3\)/;
const UNSAFE_SCHEME = /must not use the (javascript|data|file|vbscript): scheme/;

/**
 * RFC 6749 §3.1.2 and RFC 9700 §2.1, §4.1: `ClientRegistry.register` refuses a redirect URI the authorization
 * endpoint must never send a user to, before anything is stored, with an error naming the rule.
 */
describe('ClientRegistry: redirect URI rules', () => {
  let t: E2eApp;
  let registry: ClientRegistry;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot()]);
    registry = t.app.get(ClientRegistry);
  });
  afterAll(() => t.close());

  const register = (uri: string, name = 'redirect rules') =>
    registry.register({ name, redirectUris: ['https://client.example/cb', uri] });

  it.each([
    ['a relative reference', 'cb', ABSOLUTE],
    ['an absolute path', '/cb', ABSOLUTE],
    ['a network-path reference', '//client.example/cb', ABSOLUTE],
    ['leading white space', ' https://client.example/cb', ABSOLUTE],
    ['a tab inside the scheme', 'java\tscript:alert(1)', ABSOLUTE],
    ['a fragment', 'https://client.example/cb#top', FRAGMENT],
    ['an empty fragment', 'https://client.example/cb#', FRAGMENT],
    ['javascript:', 'javascript:alert(1)//', UNSAFE_SCHEME],
    ['javascript: in capitals', 'JavaScript:alert(document.domain)', UNSAFE_SCHEME],
    ['data:', 'data:text/html,<script>alert(1)</script>', UNSAFE_SCHEME],
    ['file:', 'file:///etc/passwd', UNSAFE_SCHEME],
    ['vbscript:', 'vbscript:msgbox(1)', UNSAFE_SCHEME],
    ['plain http on a public host', 'http://client.example/cb', HTTPS],
    ['plain http on a private address', 'http://10.0.0.7:8080/cb', HTTPS],
    ['plain http on a host named like loopback', 'http://127.0.0.1.evil.example/cb', HTTPS],
  ])('refuses %s, naming the rule', async (_name, uri, rule) => {
    const refusal = register(uri);
    await expect(refusal).rejects.toBeInstanceOf(InvalidRegistration);
    await expect(refusal).rejects.toThrow(rule);
  });

  it('stores nothing when one of the URIs is refused', async () => {
    await expect(register('javascript:alert(1)//', 'refused client')).rejects.toThrow();
    await expect(
      t.dataSource.getRepository(Client).countBy({ name: 'refused client' }),
    ).resolves.toBe(0);
  });

  it.each([
    ['https', 'https://client.example/cb?tenant=a'],
    ['http on 127.0.0.1 with a port', 'http://127.0.0.1:8080/cb'],
    ['http on another 127/8 address', 'http://127.0.0.2/cb'],
    ['http on [::1]', 'http://[::1]:8080/cb'],
    ['http on localhost', 'http://localhost:3000/cb'],
    ['a private-use scheme (RFC 8252 §7.1)', 'com.example.app:/oauth2redirect'],
    ['a private-use scheme with an authority', 'com.example.app://cb'],
  ])('accepts %s', async (_name, uri) => {
    const { client } = await register(uri);
    expect(client.redirectUris).toEqual(['https://client.example/cb', uri]);
  });
});
