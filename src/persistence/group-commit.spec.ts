import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { OAUTH2_ENTITIES } from '../entities/index.js';
import { AccessRange } from '../entities/access-range.entity.js';
import { GroupCommit } from './group-commit.js';

describe('GroupCommit (SQLite)', () => {
  let dataSource: DataSource;
  let statements: string[];

  beforeEach(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: OAUTH2_ENTITIES,
      synchronize: true,
    });
    await dataSource.initialize();
    statements = [];
    const runner = dataSource.driver.createQueryRunner('master');
    const query = runner.query.bind(runner);
    runner.query = ((sql: string, ...rest: unknown[]) => {
      statements.push(sql);
      return (query as (...args: unknown[]) => unknown)(sql, ...rest);
    }) as typeof runner.query;
  });
  afterEach(() => dataSource.destroy());

  const insert = (key: string) => (manager: DataSource['manager']) =>
    manager.query('INSERT INTO oauth2_access_range (key) VALUES (?)', [key]).then(() => key);
  const keys = async () =>
    (await dataSource.getRepository(AccessRange).find()).map((r) => r.key).sort();

  it('commits the work of one event-loop turn once, a savepoint each', async () => {
    const group = new GroupCommit(dataSource, 3);
    const results = await Promise.all(['a', 'b', 'c'].map((key) => group.run(insert(key))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(await keys()).toEqual(['a', 'b', 'c']);
    expect(statements.filter((s) => s === 'BEGIN TRANSACTION')).toHaveLength(1);
    expect(statements.filter((s) => s === 'COMMIT')).toHaveLength(1);
    expect(statements.filter((s) => s.startsWith('SAVEPOINT'))).toHaveLength(3);
  });

  it('fails only the work that failed, keeping the others', async () => {
    const group = new GroupCommit(dataSource, 3);
    const failing = async (manager: DataSource['manager']) => {
      await insert('x')(manager);
      throw new Error('refused');
    };
    const outcomes = await Promise.allSettled([
      group.run(insert('a')),
      group.run(failing),
      group.run(insert('b')),
      group.run(insert('a')), // a unique violation: this one fails alone
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
    ]);
    expect(await keys()).toEqual(['a', 'b']);
  });

  it('gives a single statement no savepoint: a failing one undoes itself and fails alone', async () => {
    const group = new GroupCommit(dataSource, 3);
    const outcomes = await Promise.allSettled([
      group.run(insert('a'), true),
      group.run(insert('a'), true), // a unique violation: SQLite rolls back this statement only
      group.run(insert('b')),
      group.run(insert('c'), true),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(statements.filter((s) => s.startsWith('SAVEPOINT'))).toHaveLength(1);
    expect(statements.filter((s) => s === 'COMMIT')).toHaveLength(1);
    expect(await keys()).toEqual(['a', 'b', 'c']);
  });

  it('answers no work before its commit, and fails them all when the commit fails', async () => {
    const group = new GroupCommit(dataSource, 3);
    const runner = dataSource.driver.createQueryRunner('master');
    const commit = runner.commitTransaction.bind(runner);
    const depth = () => (runner as unknown as { transactionDepth: number }).transactionDepth;
    runner.commitTransaction = async () => {
      if (depth() === 1) throw new Error('disk full');
      return commit();
    };
    const outcomes = await Promise.allSettled([group.run(insert('a')), group.run(insert('b'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    runner.commitTransaction = commit;
    expect(await keys()).toEqual([]);
  });

  it.each([false, true])(
    'fails the whole group when SQLite ends the transaction itself (I/O error, disk full), then works on (single statements: %s)',
    async (singleWrite) => {
      const group = new GroupCommit(dataSource, 3);
      // What SQLite does after some I/O or disk-full errors: the whole transaction is rolled back.
      const failsAndEndsTransaction = async (manager: DataSource['manager']) => {
        await manager.query('ROLLBACK');
        throw new Error('disk I/O error');
      };
      const outcomes = await Promise.allSettled([
        group.run(insert('a'), singleWrite),
        group.run(failsAndEndsTransaction, singleWrite),
        group.run(insert('b'), singleWrite),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(await keys()).toEqual([]);
      statements.length = 0;
      const next = await Promise.all([group.run(insert('c'), singleWrite), group.run(insert('d'))]);
      expect(statements[0]).toBe('BEGIN TRANSACTION'); // TypeORM's runner knows the transaction ended
      expect(next).toEqual(['c', 'd']);
      expect(await keys()).toEqual(['c', 'd']);
    },
  );

  it('leaves no stale transaction after a lone unit whose failure ended it', async () => {
    const group = new GroupCommit(dataSource, 3);
    const failsAndEndsTransaction = async (manager: DataSource['manager']) => {
      await manager.query('ROLLBACK');
      throw new Error('database or disk is full');
    };
    await expect(group.run(failsAndEndsTransaction)).rejects.toThrow('disk is full');
    statements.length = 0;
    expect(await Promise.all([group.run(insert('a')), group.run(insert('b'), true)])).toEqual([
      'a',
      'b',
    ]);
    expect(statements[0]).toBe('BEGIN TRANSACTION');
    expect(await keys()).toEqual(['a', 'b']);
  });

  it('runs a lone unit of work in a plain transaction', async () => {
    const group = new GroupCommit(dataSource, 3);
    await group.run(insert('a'));
    expect(statements.some((s) => s.startsWith('SAVEPOINT'))).toBe(false);
    expect(await keys()).toEqual(['a']);
  });

  it('runs a lone single statement without a transaction: it is atomic by itself', async () => {
    const group = new GroupCommit(dataSource, 3);
    expect(await group.run(insert('a'), true)).toBe('a');
    await expect(group.run(insert('a'), true)).rejects.toThrow('UNIQUE'); // undoes itself, fails alone
    expect(statements.filter((s) => /^(BEGIN|COMMIT|SAVEPOINT)/.test(s))).toEqual([]);
    expect(await Promise.all([group.run(insert('b'), true), group.run(insert('c'))])).toEqual([
      'b',
      'c',
    ]);
    expect(statements.filter((s) => s === 'BEGIN TRANSACTION')).toHaveLength(1);
    expect(await keys()).toEqual(['a', 'b', 'c']);
  });
});
