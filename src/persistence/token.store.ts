import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AccessToken } from '../entities/access-token.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import type { Redeem } from '../interfaces/oauth2-grant.interface.js';
import { deleteInBatches } from './delete-in-batches.js';
import { insertRedeeming, statementsOnFirstUse } from './entity-statements.js';

/** The columns a new token row sets; the others keep their defaults (not rotated, not revoked). */
const NEW_TOKEN_COLUMNS = [
  'tokenHash',
  'refreshTokenHash',
  'macKey',
  'tokenType',
  'dpopJkt',
  'clientId',
  'userId',
  'scope',
  'refreshScope',
  'audience',
  'issuedAt',
  'expiresAt',
  'refreshExpiresAt',
  'familyExpiresAt',
  'refreshable',
  'familyId',
  'codeId',
] as const satisfies readonly (keyof AccessToken)[];

/** What a resource server reads of a presented token's row. */
const PRESENTED_TOKEN_COLUMNS = [
  'id',
  'tokenType',
  'macKey',
  'dpopJkt',
  'clientId',
  'userId',
  'scope',
  'issuedAt',
  'expiresAt',
  'revokedAt',
] as const satisfies readonly (keyof AccessToken)[];

/** A presented access token's row, as far as a resource server needs it. */
export type PresentedToken = Pick<AccessToken, (typeof PRESENTED_TOKEN_COLUMNS)[number]>;

/** What a new token row holds. */
export type NewToken = Pick<AccessToken, (typeof NEW_TOKEN_COLUMNS)[number]>;

/** The rows a revocation selects: one token, a refresh chain, or all issued from a code. */
export type TokenSelection = { id: number } | { familyId: string } | { codeId: number };

/** Issued tokens (an access token and its refresh token share a row), stored by hash. */
@Injectable()
export class TokenStore {
  private readonly compiled;

  constructor(private readonly dataSource: DataSource) {
    this.compiled = statementsOnFirstUse(dataSource, AccessToken, (statements) => ({
      byTokenHash: statements.findOneBy('tokenHash'),
      presented: statements.findOneBy('tokenHash', PRESENTED_TOKEN_COLUMNS),
      byRefreshTokenHash: statements.findOneBy('refreshTokenHash'),
      retire: statements.updateWhereNull('rotatedAt', 'id', ['rotatedAt', 'revokedAt']),
      insert: statements.insert(NEW_TOKEN_COLUMNS),
      fuses: (redeem: Redeem) => statements.fuses(redeem),
    }));
  }

  /** The row whose access token has this hash, or null. */
  findByAccessTokenHash(tokenHash: string): Promise<AccessToken | null> {
    const statements = this.compiled();
    return statements
      ? statements.byTokenHash(this.dataSource.manager, tokenHash)
      : this.dataSource.getRepository(AccessToken).findOneBy({ tokenHash });
  }

  /** What a resource server needs of the row whose access token has this hash (every API call reads it), or null. */
  findPresented(tokenHash: string): Promise<PresentedToken | null> {
    const statements = this.compiled();
    return statements
      ? statements.presented(this.dataSource.manager, tokenHash)
      : this.dataSource.getRepository(AccessToken).findOne({
          select: Object.fromEntries(PRESENTED_TOKEN_COLUMNS.map((column) => [column, true])),
          where: { tokenHash },
        });
  }

  /** The row whose refresh token has this hash, or null. */
  findByRefreshTokenHash(refreshTokenHash: string): Promise<AccessToken | null> {
    const statements = this.compiled();
    return statements
      ? statements.byRefreshTokenHash(this.dataSource.manager, refreshTokenHash)
      : this.dataSource.getRepository(AccessToken).findOneBy({ refreshTokenHash });
  }

  /** Marks the row's refresh token rotated unless it already is (or was revoked). */
  retirement(id: number): Redeem {
    const statements = this.compiled();
    if (statements) return statements.retire(nowInSeconds, id);
    return async (manager) =>
      (
        await manager.update(
          AccessToken,
          { id, rotatedAt: IsNull(), revokedAt: IsNull() },
          { rotatedAt: nowInSeconds() },
        )
      ).affected === 1;
  }

  /**
   * Stores a new token, without reading back its generated id and defaults; with `redeem`, only if the redemption
   * marks its credential (resolves false otherwise).
   */
  add(manager: EntityManager, token: NewToken, redeem?: Redeem): Promise<boolean> {
    const statements = this.compiled();
    return statements
      ? statements.insert(manager, token, redeem)
      : insertRedeeming(manager, redeem, () => manager.insert(AccessToken, token));
  }

  /**
   * Whether `add` is a single statement, atomic without a transaction: a plain INSERT, or one fused with a compiled
   * redemption (PostgreSQL). Through the repository, subscribers may write too: then it is a transaction.
   */
  addsInOneStatement(redeem?: Redeem): boolean {
    const statements = this.compiled();
    if (!statements) return false;
    return !redeem || statements.fuses(redeem);
  }

  /** Revokes the selected tokens not yet revoked, access and refresh token alike; how many. */
  async revoke(manager: EntityManager, selection: TokenSelection): Promise<number> {
    const { affected } = await manager.update(
      AccessToken,
      { ...selection, revokedAt: IsNull() },
      { revokedAt: nowInSeconds() },
    );
    return affected ?? 0;
  }

  /** Deletes the rows whose access and refresh token have both expired at `now`; how many. */
  deleteExpired(now: number, batchSize: number): Promise<number> {
    return deleteInBatches(
      this.dataSource,
      AccessToken,
      'expires_at < :now AND (refresh_expires_at IS NULL OR refresh_expires_at < :now)',
      { now },
      batchSize,
    );
  }
}
