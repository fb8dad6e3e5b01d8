import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { Code } from '../entities/code.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import type { Redeem } from '../interfaces/oauth2-grant.interface.js';
import { deleteInBatches } from './delete-in-batches.js';
import { statementsOnFirstUse } from './entity-statements.js';

/** Every column of a new code row but its generated id. */
const CODE_COLUMNS = [
  'codeHash',
  'clientId',
  'userId',
  'redirectUri',
  'scope',
  'issuedAt',
  'expiresAt',
  'codeChallenge',
  'codeChallengeMethod',
  'consumedAt',
] as const satisfies readonly (keyof Code)[];

/** What a new code row holds. */
export type NewCode = Pick<Code, (typeof CODE_COLUMNS)[number]>;

/** Authorization codes, stored by hash. */
@Injectable()
export class CodeStore {
  private readonly compiled;

  constructor(private readonly dataSource: DataSource) {
    this.compiled = statementsOnFirstUse(dataSource, Code, (statements) => ({
      byHash: statements.findOneBy('codeHash'),
      consume: statements.updateWhereNull('consumedAt', 'id', ['consumedAt']),
      insert: statements.insert(CODE_COLUMNS),
    }));
  }

  /** The code with this hash, or null. */
  findByHash(codeHash: string): Promise<Code | null> {
    const statements = this.compiled();
    return statements
      ? statements.byHash(this.dataSource.manager, codeHash)
      : this.dataSource.getRepository(Code).findOneBy({ codeHash });
  }

  /** Marks the code consumed unless it already is; stored with the token, in one statement where it can be. */
  redemption(id: number): Redeem {
    const statements = this.compiled();
    if (statements) return statements.consume(nowInSeconds, id);
    return async (manager) =>
      (await manager.update(Code, { id, consumedAt: IsNull() }, { consumedAt: nowInSeconds() }))
        .affected === 1;
  }

  /** Stores a new code; its hash is never logged (a compiled INSERT). */
  async add(code: NewCode): Promise<void> {
    const statements = this.compiled();
    if (statements) await statements.insert(this.dataSource.manager, code);
    else await this.dataSource.getRepository(Code).insert(code);
  }

  /** Deletes the codes expired at `now`; how many. */
  deleteExpired(now: number, batchSize: number): Promise<number> {
    return deleteInBatches(this.dataSource, Code, 'expires_at < :now', { now }, batchSize);
  }
}
