import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifier } from './1764400000000-oauth2-token-schema.js';
import { sqlDialect } from './sql-dialect.js';

/** Adds a client's own access-token format (`opaque` or `jwt`; null: the registration's). */
export class OAuth2AccessTokenFormat1764400003000 implements MigrationInterface {
  name = 'OAuth2AccessTokenFormat1764400003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = sqlDialect(queryRunner) === 'postgres' ? 'character varying(8)' : 'varchar(8)';
    await queryRunner.query(
      `ALTER TABLE ${qualifier(queryRunner)('oauth2_client')} ADD COLUMN "access_token_format" ${type}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${qualifier(queryRunner)('oauth2_client')} DROP COLUMN "access_token_format"`,
    );
  }
}
