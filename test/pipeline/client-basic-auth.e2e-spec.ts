import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { expectOAuth2Error, expectToken } from './support/expect-oauth2.js';

const REALM = 'pipeline tests';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('client authentication with HTTP Basic (RFC 6749 §2.3.1, Appendix B)', () => {
  let t: TestApp;
  let client: { clientId: string; clientSecret: string };
  beforeAll(async () => {
    t = await createTestApp([OAuth2TokenModule.forRoot({ realm: REALM })]);
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const token = (authorization: string, body = 'grant_type=client_credentials') =>
    request(t.http)
      .post('/oauth2/token')
      .set('Authorization', authorization)
      .type('form')
      .send(body);

  it('form-urldecodes a secret with ":", "+", "%" and a space', async () => {
    const secret = 'a:b+c% d then thirty-two characters';
    const { clientId } = await t.addClient({ secret });
    expectToken(await token(basic(clientId, secret)));
  });

  it("form-urldecodes a secret with non-ASCII characters (the issue's `a:b+c% é`)", async () => {
    const secret = 'a:b+c% é then thirty-two characters';
    const { clientId } = await t.addClient({ secret });
    expectToken(await token(basic(clientId, secret)));
  });

  it('form-urldecodes a client_id with ":" and a space', async () => {
    const { clientId, clientSecret } = await t.addClient({ clientId: 'id:with space' });
    expect(clientId).toBe('id:with space');
    expectToken(await token(basic(clientId, clientSecret)));
  });

  it('form-urldecodes a client_id with a literal "+" and "%"', async () => {
    const { clientId, clientSecret } = await t.addClient({ clientId: 'p+q%r' });
    expectToken(await token(basic(clientId, clientSecret)));
  });

  it('reads "+" as a space and %XX escapes, as the form encoding requires', async () => {
    const { clientId } = await t.addClient({
      clientId: 'plain-id',
      secret: 'open sesame A open sesame B open sesame C',
    });
    expectToken(
      await token(`Basic ${b64('plain-id:open+sesame+%41+open+sesame+B+open+sesame+%43')}`),
    );
    expect(clientId).toBe('plain-id');
  });

  it('does not truncate a secret at an encoded ":"', async () => {
    const secret = 'left half of the secret:right half of it';
    const { clientId } = await t.addClient({ secret });
    expectOAuth2Error(
      await token(basic(clientId, 'left half of the secret')),
      401,
      'invalid_client',
    );
    expectToken(await token(basic(clientId, secret)));
  });

  it('accepts the scheme name in any case (RFC 7235 §2.1)', async () => {
    const header = basic(client.clientId, client.clientSecret).replace(/^Basic/, 'bAsIc');
    expectToken(await token(header));
  });

  it('answers a wrong secret with 401 and a Basic challenge carrying the realm', async () => {
    const res = await token(basic(client.clientId, `${client.clientSecret}x`));
    expectOAuth2Error(res, 401, 'invalid_client');
    expect(res.headers['www-authenticate']).toBe(`Basic realm="${REALM}"`);
  });

  it.each([
    ['no credentials after the scheme', 'Basic'],
    ['an empty credentials token', 'Basic '],
    ['bad base64', 'Basic !!!!'],
    ['no colon', `Basic ${b64('client-without-colon')}`],
    ['an empty client_id', `Basic ${b64(':secret')}`],
    ['a bad percent escape', `Basic ${b64('%ZZ:secret')}`],
    ['two tokens', `Basic ${b64('a:b')} ${b64('c:d')}`],
    ['no space after the scheme', `Basic${b64('a:b')}`],
    ['the Bearer scheme', 'Bearer some-access-token'],
    ['the Digest scheme', 'Digest username="a", realm="b"'],
  ])('answers %s with 401 invalid_client and a Basic challenge', async (_label, header) => {
    const res = await token(header);
    expectOAuth2Error(res, 401, 'invalid_client');
    expect(res.headers['www-authenticate']).toBe(`Basic realm="${REALM}"`);
  });

  it('does not fall back to body credentials when the Authorization header is unusable', async () => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }).toString();
    const res = await token('Bearer some-access-token', body);
    expectOAuth2Error(res, 401, 'invalid_client');
    expect(res.headers['www-authenticate']).toBe(`Basic realm="${REALM}"`);
  });
});

describe('client authentication with HTTP Basic, default realm', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp([OAuth2TokenModule.forRoot()]);
  });
  afterAll(() => t.close());

  it('challenges with an empty realm', async () => {
    const res = await request(t.http)
      .post('/oauth2/token')
      .set('Authorization', basic('nobody', 'nothing'))
      .type('form')
      .send('grant_type=client_credentials');
    expectOAuth2Error(res, 401, 'invalid_client');
    expect(res.headers['www-authenticate']).toBe('Basic realm=""');
  });
});
