import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import {
  DataSource,
  EventSubscriber,
  In,
  type DataSourceOptions,
  type EntitySubscriberInterface,
  type Logger as TypeOrmLogger,
} from 'typeorm';
import { prepareTestDatabase } from '../../test/support/database.js';
import { OAUTH2_ENTITIES } from '../entities/index.js';
import { AccessRange } from '../entities/access-range.entity.js';
import { AccessToken } from '../entities/access-token.entity.js';
import { Client } from '../entities/client.entity.js';
import { Code } from '../entities/code.entity.js';
import { RateLimit } from '../entities/rate-limit.entity.js';
import { EntityStatements } from './entity-statements.js';
import { MASKED_PARAMETER } from './statement-executor.js';

/** The test database (SQLite in memory, or PostgreSQL with TEST_DATABASE_URL). */
const open = async (
  subscribers: (new () => EntitySubscriberInterface)[] = [],
  extra: Partial<DataSourceOptions> = {},
) => {
  const { autoLoadEntities: _, ...options } = await prepareTestDatabase();
  const dataSource = new DataSource({
    ...options,
    entities: OAUTH2_ENTITIES,
    subscribers,
    ...extra,
  } as DataSourceOptions);
  return dataSource.initialize();
};

const tokenRow = (tokenHash: string, codeId: number) => ({
  tokenHash,
  refreshTokenHash: null,
  tokenType: 'bearer',
  clientId: 'c1',
  userId: 'u',
  scope: 'a',
  issuedAt: 10,
  expiresAt: 20,
  refreshable: false,
  familyId: '6c75a4ff-bee5-4a40-bd1e-539c4073652b',
  codeId,
});

describe('EntityStatements', () => {
  let dataSource: DataSource;
  beforeEach(async () => {
    dataSource = await open();
    await dataSource.getRepository(Client).insert({
      clientId: 'c1',
      secretHash: 'h',
      name: 'one',
      description: null,
      ownerId: null,
      redirectUris: ['https://a/cb'],
      grantTypes: ['client_credentials'],
      isPublic: false,
      tokenEndpointAuthMethod: null,
      allowedScopes: null,
      accessTokenExpiresIn: 60,
      refreshTokenExpiresIn: null,
      refreshTokenAbsoluteExpiresIn: null,
      refreshable: false,
      isResourceServer: true,
      createdAt: 1_700_000_000,
    });
  });
  afterEach(() => dataSource.destroy());

  it('loads an entity exactly as repository.findOneBy does', async () => {
    const find = EntityStatements.of(dataSource, Client)!.findOneBy('clientId');
    const compiled = await find(dataSource.manager, 'c1');
    const repository = await dataSource.getRepository(Client).findOneBy({ clientId: 'c1' });
    expect(compiled).toBeInstanceOf(Client);
    expect(compiled).toStrictEqual(repository);
    expect(await find(dataSource.manager, 'nobody')).toBeNull();
  });

  it('loads the rows whose column is one of the values, as repository.findBy with In does', async () => {
    const limits = dataSource.getRepository(RateLimit);
    await limits.insert([
      { key: 'a', hits: 1, expiresAt: 1_800_000_000_000, blockedUntil: 0 },
      { key: 'b', hits: 12, expiresAt: 1_800_000_000_000, blockedUntil: 1_800_000_300_000 },
      { key: 'c', hits: 2, expiresAt: 1_800_000_000_000, blockedUntil: 0 },
    ]);
    const find = EntityStatements.of(dataSource, RateLimit)!.findIn('key', 3);
    const compiled = await find(dataSource.manager, ['b', 'a', 'z']);
    const repository = await limits.findBy({ key: In(['b', 'a', 'z']) });
    const byKey = (rows: RateLimit[]) => [...rows].sort((x, y) => x.key.localeCompare(y.key));
    expect(compiled.every((row) => row instanceof RateLimit)).toBe(true);
    expect(byKey(compiled)).toStrictEqual(byKey(repository));
    expect(byKey(compiled).map((row) => [row.key, row.blockedUntil])).toStrictEqual([
      ['a', 0],
      ['b', 1_800_000_300_000],
    ]);
    expect(await find(dataSource.manager, ['x', 'y', 'z'])).toStrictEqual([]);
  });

  it('counts the rows whose column is one of the values', async () => {
    await dataSource.getRepository(AccessRange).insert([{ key: 'a' }, { key: 'b' }]);
    const count = EntityStatements.of(dataSource, AccessRange)!.countIn('key', 3);
    expect(await count(dataSource.manager, ['a', 'b', 'z'])).toBe(2);
  });

  const storeCode = async () => {
    await EntityStatements.of(dataSource, Code)!.insert([
      'codeHash',
      'clientId',
      'userId',
      'redirectUri',
      'scope',
      'issuedAt',
      'expiresAt',
    ])(dataSource.manager, {
      codeHash: 'x',
      clientId: 'c1',
      userId: 'u',
      redirectUri: null,
      scope: 'a b',
      issuedAt: 10,
      expiresAt: 20,
    });
    return dataSource.getRepository(Code).findOneByOrFail({ codeHash: 'x' });
  };

  it('inserts with transformers and conversions, and updates only while the columns are null', async () => {
    const stored = await storeCode();
    expect(stored).toMatchObject({ clientId: 'c1', scope: 'a b', expiresAt: 20, consumedAt: null });
    const consume = EntityStatements.of(dataSource, Code)!.updateWhereNull('consumedAt', 'id', [
      'consumedAt',
    ]);
    expect(await consume(() => 30, stored.id)(dataSource.manager)).toBe(true);
    expect(await consume(() => 40, stored.id)(dataSource.manager)).toBe(false);
    expect(
      (await dataSource.getRepository(Code).findOneByOrFail({ id: stored.id })).consumedAt,
    ).toBe(30);
  });

  describe('an insert provided an update changes a row', () => {
    const columns = Object.keys(tokenRow('', 0)) as (keyof AccessToken & string)[];
    /** As the token issuer runs it: alone where it is one statement, else in a transaction. */
    const store = (hash: string, codeId: number, consumedAt: number) => {
      const tokens = EntityStatements.of(dataSource, AccessToken)!;
      const update = EntityStatements.of(dataSource, Code)!.updateWhereNull('consumedAt', 'id', [
        'consumedAt',
      ])(() => consumedAt, codeId);
      const insert = tokens.insert(columns);
      return tokens.fuses(update)
        ? insert(dataSource.manager, tokenRow(hash, codeId), update)
        : dataSource.transaction((manager) => insert(manager, tokenRow(hash, codeId), update));
    };

    it('is one statement on PostgreSQL only', async () => {
      const update = EntityStatements.of(dataSource, Code)!.updateWhereNull('consumedAt', 'id', [
        'consumedAt',
      ])(() => 1, 1);
      expect(EntityStatements.of(dataSource, AccessToken)!.fuses(update)).toBe(
        dataSource.options.type === 'postgres',
      );
    });

    it('stores the row once: the second redemption changes nothing and stores nothing', async () => {
      const code = await storeCode();
      expect(await store('t1', code.id, 30)).toBe(true);
      expect(await store('t2', code.id, 40)).toBe(false);
      const rows = await dataSource.getRepository(AccessToken).findBy({ codeId: code.id });
      expect(rows.map((row) => row.tokenHash)).toEqual(['t1']);
      expect(
        (await dataSource.getRepository(Code).findOneByOrFail({ id: code.id })).consumedAt,
      ).toBe(30);
    });

    it('keeps the credential unused when the insert fails', async () => {
      const code = await storeCode();
      await dataSource.getRepository(AccessToken).insert(tokenRow('taken', code.id));
      await expect(store('taken', code.id, 30)).rejects.toThrow();
      expect(
        (await dataSource.getRepository(Code).findOneByOrFail({ id: code.id })).consumedAt,
      ).toBe(null);
    });
  });

  it('is not offered when a subscriber listens to the entity, whose events it would skip', async () => {
    @EventSubscriber()
    class ClientSubscriber implements EntitySubscriberInterface<Client> {
      listenTo() {
        return Client;
      }
    }
    const withSubscriber = await open([ClientSubscriber]);
    try {
      expect(EntityStatements.of(withSubscriber, Client)).toBeUndefined();
      expect(EntityStatements.of(withSubscriber, Code)).toBeDefined();
    } finally {
      await withSubscriber.destroy();
    }
  });

  describe('with query logging on', () => {
    /** The parameters each statement was logged with. */
    const logged: unknown[][] = [];
    const logger = {
      logQuery: (_sql: string, parameters?: unknown[]) => void logged.push(parameters ?? []),
      logQueryError: () => undefined,
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    } satisfies TypeOrmLogger;

    it('masks the parameters of secret columns, and only those', async () => {
      const logging = await open([], { logging: 'all', logger });
      try {
        logged.length = 0;
        await EntityStatements.of(logging, AccessToken)!.findOneBy('tokenHash')(
          logging.manager,
          'a-token-hash',
        );
        await EntityStatements.of(logging, AccessRange)!.countIn('key', 2)(logging.manager, [
          'a',
          'b',
        ]);
        expect(logged).toEqual([[MASKED_PARAMETER], ['a', 'b']]);
      } finally {
        await logging.destroy();
      }
    });

    it('warns once when a subscriber keeps an entity with secrets on the repository', async () => {
      @EventSubscriber()
      class ClientSubscriber implements EntitySubscriberInterface<Client> {
        listenTo() {
          return Client;
        }
      }
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const logging = await open([ClientSubscriber], { logging: ['error'] });
      try {
        expect(EntityStatements.of(logging, Client)).toBeUndefined();
        expect(EntityStatements.of(logging, Client)).toBeUndefined();
        expect(EntityStatements.of(logging, AccessRange)).toBeDefined();
        expect(warn.mock.calls.map(([message]) => String(message).split(' ')[0])).toEqual([
          'Client',
        ]);
      } finally {
        warn.mockRestore();
        await logging.destroy();
      }
    });
  });
});
