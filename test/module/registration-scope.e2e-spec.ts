import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { seedCode } from '../support/seed-rows.js';
import { expectToken, postToken } from '../support/token-request.js';

const NARROW = '/narrow/token';

/** Either a refusal, or a token whose every scope value the `scope` option allows. */
function expectWithin(res: Response, allowed: string[]): void {
  if (res.status === 200) {
    const outside = String(res.body.scope ?? '')
      .split(' ')
      .filter((value) => value && !allowed.includes(value));
    expect({ issuedOutsideTheScopeOption: outside }).toEqual({ issuedOutsideTheScopeOption: [] });
  } else {
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 400,
      error: expect.stringMatching(/^(invalid_scope|invalid_grant)$/),
    });
  }
}

/**
 * The `scope` option bounds what one registration may grant ("the scope values this generator may grant"), also
 * when the scope comes from a stored code or refresh token rather than from the request.
 */
describe("a registration never grants scope outside its own 'scope' option", () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRoot({ path: 'oauth2/token' }),
      OAuth2TokenModule.forRoot({ path: 'narrow/token', scope: ['read'] }),
    ]);
    await t.addScopes('read', 'write');
    client = await t.addClient();
  });
  afterAll(() => t.close());

  it('refuses or narrows a code holding more scope than the option allows', async () => {
    const code = await seedCode(t, { clientId: client.clientId, scope: 'read write' });
    expectWithin(await postToken(t, { grant_type: 'authorization_code', code }, client, NARROW), [
      'read',
    ]);
  });

  it("refuses or narrows a refresh of another registration's wider token", async () => {
    const code = await seedCode(t, { clientId: client.clientId, scope: 'read write' });
    const wide = expectToken(
      await postToken(t, { grant_type: 'authorization_code', code }, client),
    );
    expect(wide.scope).toBe('read write');
    const form = { grant_type: 'refresh_token', refresh_token: wide.refresh_token };
    expectWithin(await postToken(t, form, client, NARROW), ['read']);
  });
});
