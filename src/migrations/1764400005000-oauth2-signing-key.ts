import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifier } from './1764400000000-oauth2-token-schema.js';
import { sqlDialect } from './sql-dialect.js';

/** Adds the signing keys the library keeps in the database (`SigningKey`), private keys encrypted. */
export class OAuth2SigningKey1764400005000 implements MigrationInterface {
  name = 'OAuth2SigningKey1764400005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = qualifier(queryRunner)('oauth2_signing_key');
    const postgres = sqlDialect(queryRunner) === 'postgres';
    const varchar = (length: number) =>
      postgres ? `character varying(${length})` : `varchar(${length})`;
    const kid = postgres
      ? `"kid" ${varchar(64)} NOT NULL`
      : `"kid" ${varchar(64)} PRIMARY KEY NOT NULL`;
    const primaryKey = postgres ? ', CONSTRAINT "PK_oauth2_signing_key" PRIMARY KEY ("kid")' : '';
    await queryRunner.query(
      `CREATE TABLE ${table} (${kid}, "generation" integer NOT NULL, "alg" ${varchar(8)} NOT NULL, "public_jwk" text NOT NULL, "private_key" text NOT NULL, "created_at" bigint NOT NULL, "signs_from" bigint NOT NULL, "retired_at" bigint, "published_until" bigint${primaryKey})`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_oauth2_signing_key_generation" ON ${table} ("generation")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${qualifier(queryRunner)('oauth2_signing_key')}`);
  }
}
