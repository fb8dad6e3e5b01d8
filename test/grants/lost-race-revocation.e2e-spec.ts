import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import {
  AuthorizationCodeGrant,
  OAuth2TokenModule,
  RefreshTokenGrant,
  type GrantRequest,
  type PreparedGrant,
} from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const REQUESTS = 20;

/** Holds every request that passed validation until `size` of them have, then lets them all go at once. */
class ValidationBarrier {
  private size = 0;
  private waiting: (() => void)[] = [];

  expect(size: number): void {
    this.size = size;
    this.waiting = [];
  }

  async pass(): Promise<void> {
    if (this.size === 0) return;
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length < this.size) return;
      this.size = 0;
      for (const release of this.waiting) release();
    });
  }
}

const barrier = new ValidationBarrier();

/** The built-in grants, waiting at the barrier once validated: every loser of the race then loses at commit. */
@Injectable()
class BarrierCodeGrant extends AuthorizationCodeGrant {
  override async validate(request: GrantRequest): Promise<PreparedGrant> {
    const prepared = await super.validate(request);
    await barrier.pass();
    return prepared;
  }
}

@Injectable()
class BarrierRefreshGrant extends RefreshTokenGrant {
  override async validate(request: GrantRequest): Promise<PreparedGrant> {
    const prepared = await super.validate(request);
    await barrier.pass();
    return prepared;
  }
}

/**
 * RFC 6749 §4.1.2 and RFC 9700 §4.14.2: a duplicate of a code or refresh token revokes what came of it, whether it
 * is seen before the winner's commit (the loser's conditional UPDATE changes no row) or after (a replay).
 */
describe('a concurrent duplicate that loses at commit revokes what came of the credential', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRoot({ grants: [BarrierCodeGrant, BarrierRefreshGrant] }),
    ]);
    await t.addScopes('read');
    client = await t.addClient();
  });
  afterAll(() => t.close());

  const all = (form: Record<string, string>) => {
    barrier.expect(REQUESTS);
    return Promise.all(Array.from({ length: REQUESTS }, () => postToken(t, form, client)));
  };
  const expectOneWinner = (responses: Awaited<ReturnType<typeof all>>) => {
    expect(responses.map((res) => [res.status, res.body.error]).sort()).toEqual([
      [200, undefined],
      ...Array.from({ length: REQUESTS - 1 }, () => [400, 'invalid_grant']),
    ]);
    return expectToken(responses.find((res) => res.status === 200)!);
  };

  it(`code: of ${REQUESTS} redemptions all validated before any commit, one wins, and its tokens end revoked`, async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
    const winner = expectOneWinner(await all({ grant_type: 'authorization_code', code }));

    const [codeRow] = await t.rows('oauth2_code', { code_hash: hashSecret(code) });
    expect(await t.rows('oauth2_access_token', { code_id: codeRow.id })).toHaveLength(1);
    expect(await t.rows('oauth2_access_token', { code_id: codeRow.id, revoked_at: null })).toEqual(
      [],
    );
    const refresh = { grant_type: 'refresh_token', refresh_token: winner.refresh_token! };
    expectOAuthError(await postToken(t, refresh, client), 'invalid_grant');
  });

  it(`refresh token: of ${REQUESTS} refreshes all validated before any commit, one wins, and the chain ends revoked`, async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
    const first = expectToken(
      await postToken(t, { grant_type: 'authorization_code', code }, client),
    );
    const winner = expectOneWinner(
      await all({ grant_type: 'refresh_token', refresh_token: first.refresh_token! }),
    );

    const [row] = await t.rows('oauth2_access_token', {
      token_hash: hashSecret(first.access_token),
    });
    expect(await t.rows('oauth2_access_token', { family_id: row.family_id })).toHaveLength(2);
    expect(
      await t.rows('oauth2_access_token', { family_id: row.family_id, revoked_at: null }),
    ).toEqual([]);
    const refresh = { grant_type: 'refresh_token', refresh_token: winner.refresh_token! };
    expectOAuthError(await postToken(t, refresh, client), 'invalid_grant');
  });
});
