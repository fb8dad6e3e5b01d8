import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '../entities/client.entity.js';
import { SigningKey } from '../entities/signing-key.entity.js';
import { isUniqueViolation } from './database-errors.js';
import { statementsOnFirstUse } from './entity-statements.js';

const COLUMNS = [
  'kid',
  'generation',
  'alg',
  'publicJwk',
  'privateKey',
  'createdAt',
  'signsFrom',
  'retiredAt',
  'publishedUntil',
] as const satisfies readonly (keyof SigningKey)[];

/** The end of the newest key's signing, set when the next generation is stored. */
export interface Retirement {
  kid: string;
  retiredAt: number;
  publishedUntil: number;
}

/** The signing keys in the database, shared by every instance; the unique generation picks one writer. */
@Injectable()
export class SigningKeyStore {
  private readonly compiled;

  constructor(private readonly dataSource: DataSource) {
    // The insert runs as a masked statement: the (encrypted) private key never reaches a query log.
    this.compiled = statementsOnFirstUse(dataSource, SigningKey, (statements) => ({
      insert: statements.insert(COLUMNS),
    }));
  }

  /** Whether the database is open (it may open in the background after the module started). */
  get ready(): boolean {
    return this.dataSource.isInitialized;
  }

  /** Every key, oldest generation first. */
  all(): Promise<SigningKey[]> {
    return this.dataSource.getRepository(SigningKey).find({ order: { generation: 'ASC' } });
  }

  /**
   * Stores `key` and, in the same transaction, retires the key it follows; false when another instance stored the
   * same generation first (nothing is written then).
   */
  async addGeneration(key: SigningKey, retirement?: Retirement): Promise<boolean> {
    try {
      await this.dataSource.transaction(async (manager) => {
        const statements = this.compiled();
        if (statements) await statements.insert(manager, key);
        else await manager.getRepository(SigningKey).insert(key);
        if (retirement) {
          const { kid, retiredAt, publishedUntil } = retirement;
          await manager.getRepository(SigningKey).update({ kid }, { retiredAt, publishedUntil });
        }
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Deletes the keys no longer published at `now` (UNIX seconds); how many. */
  async deleteUnpublished(now: number): Promise<number> {
    const result = await this.dataSource
      .getRepository(SigningKey)
      .createQueryBuilder()
      .delete()
      .where('published_until < :now', { now })
      .execute();
    return result.affected ?? 0;
  }

  /** The longest access-token lifetime a client has of its own, in seconds; null when none has one. */
  async longestClientLifetime(): Promise<number | null> {
    const row = await this.dataSource
      .getRepository(Client)
      .createQueryBuilder('client')
      .select('MAX(client.access_token_expires_in)', 'longest')
      .getRawOne<{ longest: number | string | null }>();
    return row?.longest == null ? null : Number(row.longest);
  }
}
