import { afterEach, describe, expect, it } from '@jest/globals';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { OAUTH2_ENTITIES, OAUTH2_MIGRATIONS } from 'nestjs-oauth2-token';
import { testDatabaseOptions } from './support/database.js';

describe('migrations', () => {
  let dataSource: DataSource | undefined;
  afterEach(async () => {
    const schema = (dataSource?.options as { schema?: string } | undefined)?.schema;
    if (schema) await dataSource!.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource?.destroy();
  });

  async function migrated(): Promise<DataSource> {
    const {
      autoLoadEntities: _auto,
      synchronize: _sync,
      ...options
    } = testDatabaseOptions() as DataSourceOptions & {
      autoLoadEntities?: boolean;
    };
    dataSource = new DataSource({
      ...options,
      entities: OAUTH2_ENTITIES,
      migrations: OAUTH2_MIGRATIONS,
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

  it('can be reverted', async () => {
    const ds = await migrated();
    await ds.undoLastMigration();
    const runner = ds.createQueryRunner();
    try {
      expect(await runner.hasTable('oauth2_access_token')).toBe(false);
      expect(await runner.hasTable('oauth2_client')).toBe(false);
    } finally {
      await runner.release();
    }
  });
});
