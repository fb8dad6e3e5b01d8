import { Injectable } from '@nestjs/common';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { AccessToken } from '../entities/access-token.entity.js';
import { Code } from '../entities/code.entity.js';
import { MACNonce } from '../entities/mac-nonce.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';

/** How many rows of each kind `purgeExpired` deleted. */
export interface PurgeResult {
  codes: number;
  tokens: number;
  macNonces: number;
}

/** What `purgeExpired` may delete. */
export interface PurgeOptions {
  /** Rows per DELETE statement, so each stays short while the app serves. @default 1000 */
  batchSize?: number;
  /**
   * MAC nonces older than this many seconds; at least the resource server's `macNonceWindow` + 5, after which a
   * replayed nonce fails the age check anyway. @default 600
   */
  macNonceAge?: number;
}

/**
 * Deletes what can never be used again: expired codes, tokens whose access and refresh lifetimes are both over,
 * and MAC nonces older than any acceptable nonce age. Works in bounded batches; safe to run while serving.
 */
@Injectable()
export class TokenHousekeeping {
  constructor(private readonly dataSource: DataSource) {}

  async purgeExpired({
    batchSize = 1000,
    macNonceAge = 600,
  }: PurgeOptions = {}): Promise<PurgeResult> {
    const now = nowInSeconds();
    const macNonces = await this.deleteInBatches(
      MACNonce,
      'created_at < :cutoff',
      { cutoff: now - macNonceAge },
      batchSize,
    );
    const tokens = await this.deleteInBatches(
      AccessToken,
      'expires_at < :now AND (refresh_expires_at IS NULL OR refresh_expires_at < :now)',
      { now },
      batchSize,
    );
    const codes = await this.deleteInBatches(Code, 'expires_at < :now', { now }, batchSize);
    return { codes, tokens, macNonces };
  }

  private async deleteInBatches(
    entity: EntityTarget<ObjectLiteral>,
    condition: string,
    parameters: Record<string, number>,
    batchSize: number,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await this.dataSource
        .getRepository(entity)
        .createQueryBuilder('row')
        .select('row.id', 'id')
        .where(condition, parameters)
        .limit(batchSize)
        .getRawMany<{ id: number }>();
      if (ids.length === 0) return total;
      const result = await this.dataSource.getRepository(entity).delete(ids.map((row) => row.id));
      total += result.affected ?? ids.length;
      if (ids.length < batchSize) return total;
    }
  }
}
