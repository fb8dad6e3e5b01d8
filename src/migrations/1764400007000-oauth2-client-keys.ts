import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifier } from './1764400000000-oauth2-token-schema.js';
import { sqlDialect } from './sql-dialect.js';

/** Adds a client's public keys for `private_key_jwt` (RFC 7523): a JWK Set, or the https URL serving one. */
export class OAuth2ClientKeys1764400007000 implements MigrationInterface {
  name = 'OAuth2ClientKeys1764400007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = qualifier(queryRunner)('oauth2_client');
    const url =
      sqlDialect(queryRunner) === 'postgres' ? 'character varying(2048)' : 'varchar(2048)';
    await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN "jwks" text`);
    await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN "jwks_uri" ${url}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = qualifier(queryRunner)('oauth2_client');
    await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN "jwks_uri"`);
    await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN "jwks"`);
  }
}
