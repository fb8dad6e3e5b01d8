import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AccessRange } from '../entities/access-range.entity.js';
import { statementsOnFirstUse } from './entity-statements.js';

/** Lists naming more values than this are counted through the repository. */
const COMPILED_MAX_VALUES = 8;

/** Registered scope values (oauth2app's AccessRange). */
@Injectable()
export class ScopeStore {
  /** One compiled COUNT for each number of values up to COMPILED_MAX_VALUES. */
  private readonly counters;

  constructor(private readonly dataSource: DataSource) {
    this.counters = statementsOnFirstUse(dataSource, AccessRange, (statements) =>
      Array.from({ length: COMPILED_MAX_VALUES }, (_, i) => statements.countIn('key', i + 1)),
    );
  }

  /** How many of the (distinct) values are registered keys. */
  countRegistered(values: readonly string[]): Promise<number> {
    const count = this.counters()?.[values.length - 1];
    return count
      ? count(this.dataSource.manager, [...values])
      : this.dataSource.getRepository(AccessRange).countBy({ key: In([...values]) });
  }

  /** Every registered key, sorted. */
  async keys(): Promise<string[]> {
    const ranges = await this.dataSource
      .getRepository(AccessRange)
      .find({ select: { key: true }, order: { key: 'ASC' } });
    return ranges.map((range) => range.key);
  }
}
