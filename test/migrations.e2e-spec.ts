import { afterEach, describe, expect, it } from '@jest/globals';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { OAUTH2_ENTITIES, OAUTH2_MIGRATIONS } from 'nestjs-oauth2-token';
import { SAMPLE_APP_MIGRATIONS } from '../sample-app/migrations/index.js';
import { User } from '../sample-app/users/user.entity.js';
import { testDatabaseOptions } from './support/database.js';

describe('migrations', () => {
  let dataSource: DataSource | undefined;
  afterEach(async () => {
    const schema = (dataSource?.options as { schema?: string } | undefined)?.schema;
    if (schema) await dataSource!.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource?.destroy();
  });

  async function migrated(
    entities: DataSourceOptions['entities'] = OAUTH2_ENTITIES,
    migrations: DataSourceOptions['migrations'] = OAUTH2_MIGRATIONS,
  ): Promise<DataSource> {
    const {
      autoLoadEntities: _auto,
      synchronize: _sync,
      ...options
    } = testDatabaseOptions() as DataSourceOptions & {
      autoLoadEntities?: boolean;
    };
    dataSource = new DataSource({
      ...options,
      entities,
      migrations,
      synchronize: false,
    } as DataSourceOptions);
    await dataSource.initialize();
    const schema = (options as { schema?: string }).schema;
    if (schema) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations();
    return dataSource;
  }

  it('produce exactly the schema the entities describe', async () => {
    const ds = await migrated();
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it("produce the sample app's schema, its user table included", async () => {
    const ds = await migrated([...OAUTH2_ENTITIES, User], SAMPLE_APP_MIGRATIONS);
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('can be reverted', async () => {
    const ds = await migrated();
    for (let i = 0; i < OAUTH2_MIGRATIONS.length; i++) await ds.undoLastMigration();
    const runner = ds.createQueryRunner();
    try {
      expect(await runner.hasTable('oauth2_access_token')).toBe(false);
      expect(await runner.hasTable('oauth2_client')).toBe(false);
      expect(await runner.hasTable('oauth2_rate_limit')).toBe(false);
      expect(await runner.hasTable('oauth2_signing_key')).toBe(false);
    } finally {
      await runner.release();
    }
  });
});
