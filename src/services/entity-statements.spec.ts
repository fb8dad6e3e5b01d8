import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource, EventSubscriber, type EntitySubscriberInterface } from 'typeorm';
import { OAUTH2_ENTITIES } from '../entities/index.js';
import { AccessRange } from '../entities/access-range.entity.js';
import { Client } from '../entities/client.entity.js';
import { Code } from '../entities/code.entity.js';
import { EntityStatements } from './entity-statements.js';

const open = async (subscribers: (new () => EntitySubscriberInterface)[] = []) => {
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: OAUTH2_ENTITIES,
    subscribers,
    synchronize: true,
  });
  return dataSource.initialize();
};

describe('EntityStatements (SQLite)', () => {
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

  it('counts the rows whose column is one of the values', async () => {
    await dataSource.getRepository(AccessRange).insert([{ key: 'a' }, { key: 'b' }]);
    const count = EntityStatements.of(dataSource, AccessRange)!.countIn('key', 3);
    expect(await count(dataSource.manager, ['a', 'b', 'z'])).toBe(2);
  });

  it('inserts with transformers and conversions, and updates only while the columns are null', async () => {
    const statements = EntityStatements.of(dataSource, Code)!;
    await statements.insert([
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
    const stored = await dataSource.getRepository(Code).findOneByOrFail({ codeHash: 'x' });
    expect(stored).toMatchObject({ clientId: 'c1', scope: 'a b', expiresAt: 20, consumedAt: null });
    const consume = statements.updateWhereNull('consumedAt', 'id', ['consumedAt']);
    expect(await consume(dataSource.manager, 30, stored.id)).toBe(1);
    expect(await consume(dataSource.manager, 40, stored.id)).toBe(0);
    expect(
      (await dataSource.getRepository(Code).findOneByOrFail({ id: stored.id })).consumedAt,
    ).toBe(30);
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
});
