import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsedJti } from '../entities/used-jti.entity.js';
import { deleteInBatches } from './delete-in-batches.js';
import { TransactionRunner } from './transaction-runner.js';
import { uniqueInsert } from './unique-insert.js';

/** What a single-use JWT id is unique for: the kind of JWT, who issued it, and its `jti`. */
export interface JtiUse {
  /** The kind of JWT, e.g. `dpop` or `client_assertion`: the same `jti` in two kinds is two uses. */
  kind: string;
  /** Whoever chose the `jti` (a client id, a DPoP key's thumbprint): ids are only unique per issuer. */
  issuer: string;
  jti: string;
  /** When the JWT stops being acceptable anyway (UNIX seconds): the record is kept until then. */
  expiresAt: number;
}

/**
 * Remembers JWT ids that may be used once (RFC 9449 §11.1, RFC 7523 §3): the primary key on a hash of the use
 * decides, across every instance sharing the database. Every DPoP request records one (`uniqueInsert`).
 */
@Injectable()
export class UsedJtiStore {
  private readonly insert;

  constructor(
    private readonly dataSource: DataSource,
    transactions: TransactionRunner,
  ) {
    this.insert = uniqueInsert(dataSource, transactions, UsedJti, ['key', 'expiresAt']);
  }

  /** True on the first use of this `jti`; false for a replay. */
  consume({ kind, issuer, jti, expiresAt }: JtiUse): Promise<boolean> {
    // Hashed: the table holds neither client ids nor key thumbprints, and every key fits the column.
    const key = createHash('sha256').update(`${kind}\0${issuer}\0${jti}`).digest('hex');
    return this.insert({ key, expiresAt });
  }

  /** Deletes the records of JWTs that expired before `now` (UNIX seconds); how many. */
  deleteExpired(now: number, batchSize: number): Promise<number> {
    return deleteInBatches(this.dataSource, UsedJti, 'expires_at < :now', { now }, batchSize);
  }
}
