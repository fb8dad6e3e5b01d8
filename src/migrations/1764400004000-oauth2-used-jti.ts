import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifier } from './1764400000000-oauth2-token-schema.js';
import { sqlDialect } from './sql-dialect.js';

/** Adds the single-use JWT ids (`UsedJti`: DPoP proofs, client assertions) shared by every instance. */
export class OAuth2UsedJti1764400004000 implements MigrationInterface {
  name = 'OAuth2UsedJti1764400004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = qualifier(queryRunner)('oauth2_used_jti');
    const key =
      sqlDialect(queryRunner) === 'postgres'
        ? '"key" character varying(64) NOT NULL, CONSTRAINT "PK_oauth2_used_jti" PRIMARY KEY ("key")'
        : '"key" varchar(64) PRIMARY KEY NOT NULL';
    await queryRunner.query(`CREATE TABLE ${table} (${key}, "expires_at" bigint NOT NULL)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_oauth2_used_jti_expires_at" ON ${table} ("expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${qualifier(queryRunner)('oauth2_used_jti')}`);
  }
}
