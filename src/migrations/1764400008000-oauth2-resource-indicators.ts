import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifier } from './1764400000000-oauth2-token-schema.js';

/** Adds RFC 8707 resource indicators: the resources a client may name, and the audience each token is for. */
export class OAuth2ResourceIndicators1764400008000 implements MigrationInterface {
  name = 'OAuth2ResourceIndicators1764400008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = qualifier(queryRunner);
    await queryRunner.query(`ALTER TABLE ${table('oauth2_client')} ADD COLUMN "resources" text`);
    await queryRunner.query(
      `ALTER TABLE ${table('oauth2_access_token')} ADD COLUMN "audience" text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = qualifier(queryRunner);
    await queryRunner.query(`ALTER TABLE ${table('oauth2_access_token')} DROP COLUMN "audience"`);
    await queryRunner.query(`ALTER TABLE ${table('oauth2_client')} DROP COLUMN "resources"`);
  }
}
