import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccessToken, OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { testDatabaseOptions } from '../support/database.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const onPostgres = testDatabaseOptions().type === 'postgres';

/**
 * A refresh that commits while a chain is being revoked must not leave a live member behind. Under PostgreSQL's READ
 * COMMITTED, an UPDATE sees only the rows committed when it started: the new token of a refresh that commits while the
 * revocation waits on the retired row's lock is not among them. SQLite has one writer, so nothing commits while a
 * revocation runs and the case cannot arise there.
 */
(onPostgres ? describe : describe.skip)(
  'a refresh that commits during a revocation of its chain',
  () => {
    let t: E2eApp;
    let client: TestClient;
    beforeAll(async () => {
      t = await startE2eApp([OAuth2TokenModule.forRoot()]);
      await t.addScopes('read');
      client = await t.addClient();
    });
    afterAll(() => t.close());

    const refresh = (refreshToken: string) =>
      postToken(t, { grant_type: 'refresh_token', refresh_token: refreshToken }, client);
    /** The backends waiting on a lock held by one of `holders`. */
    const blockedBy = async (holders: number[]): Promise<number[]> => {
      const rows: { pid: number }[] = await t.dataSource.query(
        'SELECT pid FROM pg_stat_activity WHERE pg_blocking_pids(pid) && $1::int[]',
        [holders],
      );
      return rows.map((row) => row.pid);
    };
    const waitUntilBlocked = async (holders: number[], count: number): Promise<number[]> => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const blocked = await blockedBy(holders);
        if (blocked.length >= count || Date.now() > deadline) return blocked;
        await sleep(20);
      }
    };

    it("the replay's revocation also reaches the token of a refresh that committed while it waited", async () => {
      const code = await t.issueCode({ clientId: client.clientId, userId: 'u1', scope: 'read' });
      const first = expectToken(
        await postToken(t, { grant_type: 'authorization_code', code }, client),
      );
      const second = expectToken(await refresh(first.refresh_token!));
      const [live] = await t.rows('oauth2_access_token', {
        token_hash: hashSecret(second.access_token),
      });

      const locker = t.dataSource.createQueryRunner();
      let refreshing: ReturnType<typeof refresh> | undefined;
      let replaying: ReturnType<typeof refresh> | undefined;
      try {
        await locker.startTransaction();
        const [{ pid }] = await locker.query('SELECT pg_backend_pid() AS pid');
        await locker.manager.findOne(AccessToken, {
          where: { id: live.id as number },
          lock: { mode: 'pessimistic_write' },
        });
        refreshing = refresh(second.refresh_token!);
        const [refresher] = await waitUntilBlocked([pid], 1);
        expect(refresher).toEqual(expect.any(Number));
        replaying = refresh(first.refresh_token!);
        expect(await waitUntilBlocked([pid, refresher], 2)).toHaveLength(2);
      } finally {
        await locker.commitTransaction().catch(() => undefined);
        await locker.release();
      }

      const third = expectToken(await refreshing);
      expectOAuthError(await replaying, 'invalid_grant');
      expect(
        await t.rows('oauth2_access_token', { family_id: live.family_id, revoked_at: null }),
      ).toEqual([]);
      expectOAuthError(await refresh(third.refresh_token!), 'invalid_grant');
    });
  },
);
