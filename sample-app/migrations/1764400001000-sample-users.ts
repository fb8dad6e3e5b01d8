import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

type ColumnMetadata = Parameters<QueryRunner['connection']['driver']['normalizeDefault']>[0];

/** The sample app's own table, `sample_user`, written with TypeORM's portable Table API. */
export class SampleUsers1764400001000 implements MigrationInterface {
  name = 'SampleUsers1764400001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const varchar = (name: string, length: number) => ({
      name,
      type: 'varchar',
      length: String(length),
    });
    // `true` as this database spells a boolean default (1 on SQLite, true on PostgreSQL).
    const isTrue = queryRunner.connection.driver.normalizeDefault({
      default: true,
    } as ColumnMetadata);
    await queryRunner.createTable(
      new Table({
        name: 'sample_user',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('username', 150),
          varchar('email', 254),
          { ...varchar('first_name', 150), isNullable: true },
          { ...varchar('last_name', 150), isNullable: true },
          varchar('password_hash', 255),
          { name: 'is_active', type: 'boolean', default: isTrue },
        ],
        uniques: [
          { name: 'UQ_46b40f933b090d116039d44007a', columnNames: ['username'] },
          { name: 'UQ_854a783ee0f0e93fda3793ccf34', columnNames: ['email'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sample_user');
  }
}
