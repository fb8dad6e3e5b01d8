import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, UseGuards } from '@nestjs/common';
import request from 'supertest';
import { AccessToken, MACNonce, OAuth2Guard, TokenHousekeeping } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { MIN_MAC_NONCE_PURGE_AGE } from '../../src/oauth2-token.constants.js';
import {
  expectRefusal,
  macAuthorization,
  startResourceApp,
  type IssuedToken,
  type ResourceApp,
} from '../support/resource-app.js';

@Controller('api')
@UseGuards(OAuth2Guard)
class ApiController {
  @Get('email')
  email() {
    return { ok: true };
  }
}

/** The longest window the resource server accepts: the worst case for housekeeping. */
const WINDOW = 300;

/**
 * Nonce housekeeping must not reopen a replay. A nonce's age may trail the token's real age by the window but never
 * run ahead of it by more than 5 s, so a nonce is dead `macNonceWindow + 5` s after use; `purgeExpired` never deletes
 * a nonce younger than the longest window + 5 s + a minute (`MIN_MAC_NONCE_PURGE_AGE`), whatever `macNonceAge`
 * says, so a purged nonce fails the age check anyway. Time passing is simulated by moving the token's issue time and
 * the nonce's record time back by the same amount.
 */
describe('resource server, MAC nonces and TokenHousekeeping.purgeExpired', () => {
  let t: ResourceApp;
  beforeAll(async () => {
    t = await startResourceApp({
      resource: { macNonceWindow: WINDOW },
      controllers: [ApiController],
    });
  });
  afterAll(() => t.close());

  const call = (authorization: string) =>
    request(t.http).get('/api/email').set('Authorization', authorization);

  async function usedThenAged(seconds: number): Promise<{ token: IssuedToken; header: string }> {
    const token = await t.issue('mac', 'email');
    const header = macAuthorization(token, {
      method: 'GET',
      uri: '/api/email',
      nonce: `0:used-at-issue`,
    });
    expect((await call(header)).status).toBe(200);
    const [row] = await t.dataSource
      .getRepository(AccessToken)
      .findBy({ tokenHash: hashSecret(token.access_token) });
    await t.updateToken(token.access_token, { issuedAt: row.issuedAt - seconds });
    const nonces = t.dataSource.getRepository(MACNonce);
    const [nonce] = await nonces.findBy({ accessTokenId: row.id });
    await nonces.update({ id: nonce.id }, { createdAt: nonce.createdAt - seconds });
    return { token, header };
  }

  it('refuses a nonce whose age runs ahead of the token (it could outlive the purge)', async () => {
    const token = await t.issue('mac', 'email');
    const header = macAuthorization(token, {
      method: 'GET',
      uri: '/api/email',
      nonce: `${WINDOW}:ahead-of-real-age`,
    });
    expectRefusal(await call(header), { status: 401, error: 'invalid_token', scheme: 'MAC' });
  });

  it('still refuses the replay when nothing was purged', async () => {
    const { header } = await usedThenAged(WINDOW + 10);
    expectRefusal(await call(header), { status: 401, error: 'invalid_token', scheme: 'MAC' });
  });

  it('keeps a nonce still inside the window, whatever macNonceAge says', async () => {
    const { header } = await usedThenAged(60);
    const purged = await t.app.get(TokenHousekeeping).purgeExpired({ macNonceAge: 30 });
    const replay = await call(header);
    expect({ purged: purged.macNonces, replay: replay.status }).toEqual({ purged: 0, replay: 401 });
    expectRefusal(replay, { status: 401, error: 'invalid_token', scheme: 'MAC' });
  });

  it('purges nonces past the longest window, whose replay then fails the age check', async () => {
    const { header } = await usedThenAged(MIN_MAC_NONCE_PURGE_AGE + 1);
    const purged = await t.app.get(TokenHousekeeping).purgeExpired({ macNonceAge: 30 });
    expect(purged.macNonces).toBeGreaterThanOrEqual(1);
    expectRefusal(await call(header), { status: 401, error: 'invalid_token', scheme: 'MAC' });
  });
});
