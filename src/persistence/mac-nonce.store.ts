import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MACNonce } from '../entities/mac-nonce.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { deleteInBatches } from './delete-in-batches.js';
import { TransactionRunner } from './transaction-runner.js';
import { uniqueInsert } from './unique-insert.js';

/**
 * Remembers the nonces used with each MAC token; the unique (token, nonce) pair decides, across instances. Every MAC
 * request records one (`uniqueInsert`).
 */
@Injectable()
export class MacNonceStore {
  private readonly insert;

  constructor(
    private readonly dataSource: DataSource,
    transactions: TransactionRunner,
  ) {
    this.insert = uniqueInsert(dataSource, transactions, MACNonce, [
      'accessTokenId',
      'nonce',
      'createdAt',
    ]);
  }

  /** True when the nonce is new for this token; false for a replay. */
  remember(accessTokenId: number, nonce: string): Promise<boolean> {
    return this.insert({ accessTokenId, nonce, createdAt: nowInSeconds() });
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
