import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifier } from './1764400000000-oauth2-token-schema.js';
import { sqlDialect } from './sql-dialect.js';

/** DPoP (RFC 9449): a client's `dpop_bound_access_tokens`, and the key thumbprint a token is bound to. */
export class OAuth2DPoP1764400006000 implements MigrationInterface {
  name = 'OAuth2DPoP1764400006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = qualifier(queryRunner);
    const postgres = sqlDialect(queryRunner) === 'postgres';
    const jkt = postgres ? 'character varying(43)' : 'varchar(43)';
    await queryRunner.query(
      `ALTER TABLE ${table('oauth2_client')} ADD COLUMN "dpop_bound_access_tokens" boolean NOT NULL DEFAULT ${postgres ? 'false' : '(0)'}`,
    );
    await queryRunner.query(
      `ALTER TABLE ${table('oauth2_access_token')} ADD COLUMN "dpop_jkt" ${jkt}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = qualifier(queryRunner);
    await queryRunner.query(`ALTER TABLE ${table('oauth2_access_token')} DROP COLUMN "dpop_jkt"`);
    await queryRunner.query(
      `ALTER TABLE ${table('oauth2_client')} DROP COLUMN "dpop_bound_access_tokens"`,
    );
  }
}
