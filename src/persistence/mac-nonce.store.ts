import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MACNonce } from '../entities/mac-nonce.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { isUniqueViolation } from './database-errors.js';
import { deleteInBatches } from './delete-in-batches.js';

/** Remembers the nonces used with each MAC token; the unique (token, nonce) pair decides, across instances. */
@Injectable()
export class MacNonceStore {
  constructor(private readonly dataSource: DataSource) {}

  /** True when the nonce is new for this token; false for a replay. */
  async remember(accessTokenId: number, nonce: string): Promise<boolean> {
    try {
      await this.dataSource
        .getRepository(MACNonce)
        .insert({ accessTokenId, nonce, createdAt: nowInSeconds() });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Deletes the nonces recorded before `cutoff` (Unix seconds); how many. */
  deleteRecordedBefore(cutoff: number, batchSize: number): Promise<number> {
    return deleteInBatches(
      this.dataSource,
      MACNonce,
      'created_at < :cutoff',
      { cutoff },
      batchSize,
    );
  }
}
