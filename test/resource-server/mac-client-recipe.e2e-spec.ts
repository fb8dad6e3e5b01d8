import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { signMacRequest } from 'nestjs-oauth2-token';
import {
  MAC_HOST,
  MAC_PORT,
  startResourceApp,
  type ResourceApp,
  EmailApiController,
} from '../support/resource-app.js';

/** The client recipe of docs/resource-server.md, with node:crypto only: seven lines, each ended by `\n`. */
function handMac(key: string, lines: string[]): string {
  const normalized = lines.map((line) => `${line}\n`).join('');
  return createHmac('sha256', key).update(normalized).digest('base64');
}

const KEY = 'adijq39jdlaska9asud';
const NONCE = '264095:7d8f3e4a';

describe('MAC client recipe: a hand computation equals signMacRequest', () => {
  it('signs a GET without body or ext (known answer computed with openssl)', () => {
    const uri = '/resource/1?b=1&a=2';
    const mac = handMac(KEY, [NONCE, 'GET', uri, 'example.com', '80', '', '']);
    expect(mac).toBe('66zF8G9fJPI+0uqqIuLR+IQohYvqyNcbmhmWaccACFM=');
    const header = signMacRequest({
      id: 'h480djs93hd8',
      macKey: KEY,
      method: 'GET',
      uri,
      host: 'example.com',
      port: 80,
      nonce: NONCE,
    });
    expect(header).toBe(`MAC id="h480djs93hd8", nonce="${NONCE}", mac="${mac}"`);
  });

  it('signs a POST with bodyhash and ext (known answer computed with openssl)', () => {
    const uri = '/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b';
    const body = 'hello=world%21';
    const bodyHash = createHash('sha256').update(body).digest('base64');
    expect(bodyHash).toBe('Z49JCJwhZyqL6ZBRQiZkF+oazFM4DcqCT3s/uYpPsik=');
    const mac = handMac(KEY, [NONCE, 'POST', uri, 'example.com', '80', bodyHash, 'a,b,c']);
    expect(mac).toBe('3KWBDiJURJXjWa1kMWi9W2omnkvIjEWHa6LF9j9i/HU=');
    const header = signMacRequest({
      id: 'h480djs93hd8',
      macKey: KEY,
      method: 'post',
      uri,
      host: 'Example.COM',
      port: 80,
      body,
      ext: 'a,b,c',
      nonce: NONCE,
    });
    expect(header).toBe(
      `MAC id="h480djs93hd8", nonce="${NONCE}", bodyhash="${bodyHash}", ext="a,b,c", mac="${mac}"`,
    );
  });

  it('makes a fresh <age>:<random> nonce from issuedAt when none is given', () => {
    const issuedAt = Date.now() - 42_500;
    const header = signMacRequest({
      id: 'x',
      macKey: KEY,
      method: 'GET',
      uri: '/',
      host: 'example.com',
      port: 443,
      issuedAt,
    });
    const nonce = /nonce="([^"]+)"/.exec(header)![1];
    expect(nonce).toMatch(/^4[23]:\S+$/);
    const again = signMacRequest({
      id: 'x',
      macKey: KEY,
      method: 'GET',
      uri: '/',
      host: 'example.com',
      port: 443,
      issuedAt,
    });
    expect(/nonce="([^"]+)"/.exec(again)![1]).not.toBe(nonce);
  });
});

describe('MAC client recipe: the server accepts a header built by hand', () => {
  let t: ResourceApp;
  beforeAll(async () => {
    t = await startResourceApp({ controllers: [EmailApiController] });
  });
  afterAll(() => t.close());

  it('answers 200 to a request signed with node:crypto only', async () => {
    const token = await t.issue('mac', 'email');
    const age = Math.floor((Date.now() - token.receivedAt) / 1000);
    const nonce = `${age}:${randomBytes(8).toString('hex')}`;
    const uri = '/api/email?format=short';
    const mac = handMac(token.mac_key!, [nonce, 'GET', uri, MAC_HOST, String(MAC_PORT), '', '']);
    const header = `MAC id="${token.access_token}", nonce="${nonce}", mac="${mac}"`;
    const res = await request(t.http).get(uri).set('Authorization', header);
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { ok: true } });
  });
});
