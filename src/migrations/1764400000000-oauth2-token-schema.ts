import type { MigrationInterface, QueryRunner } from 'typeorm';
import { sqlDialect, type SqlDialect } from './sql-dialect.js';

/** Column types that differ between the two dialects. */
const TYPES: Record<SqlDialect, { id: string; text: (n: number) => string; false: string }> = {
  postgres: { id: 'SERIAL NOT NULL', text: (n) => `character varying(${n})`, false: 'false' },
  sqlite: {
    id: 'integer PRIMARY KEY AUTOINCREMENT NOT NULL',
    text: (n) => `varchar(${n})`,
    false: '(0)',
  },
};

/** Creates the module's tables (Client, AccessRange, AccessToken, Code, MACNonce) on PostgreSQL or SQLite. */
export class OAuth2TokenSchema1764400000000 implements MigrationInterface {
  name = 'OAuth2TokenSchema1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const dialect = sqlDialect(queryRunner);
    const { id, text, false: no } = TYPES[dialect];
    const table = qualifier(queryRunner);
    const pk = (name: string, column: string) =>
      dialect === 'postgres' ? `, CONSTRAINT "${name}" PRIMARY KEY ("${column}")` : '';
    const fk = (
      name: string,
      column: string,
      target: string,
      targetColumn: string,
      onDelete: string,
    ) =>
      `CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES ${table(target)} ("${targetColumn}") ON DELETE ${onDelete} ON UPDATE NO ACTION`;
    const statements = [
      `CREATE TABLE ${table('oauth2_access_range')} ("key" ${text(128)} NOT NULL${dialect === 'sqlite' ? ' PRIMARY KEY' : ''}, "description" text${pk('PK_3c24be6e7e41a7b93cfc93d7308', 'key')})`,
      `CREATE TABLE ${table('oauth2_client')} ("client_id" ${text(128)} NOT NULL${dialect === 'sqlite' ? ' PRIMARY KEY' : ''}, "secret_hash" ${text(64)}, "name" ${text(255)} NOT NULL, "description" text, "owner_id" ${text(255)}, "redirect_uris" text NOT NULL, "grant_types" text NOT NULL, "is_public" boolean NOT NULL DEFAULT ${no}, "token_endpoint_auth_method" ${text(32)}, "allowed_scopes" text, "access_token_expires_in" integer, "refresh_token_expires_in" integer, "refresh_token_absolute_expires_in" integer, "refreshable" boolean, "is_resource_server" boolean NOT NULL DEFAULT ${no}, "created_at" bigint NOT NULL${pk('PK_24c10a61eb8b55d0c6db5e864ee', 'client_id')})`,
      `CREATE TABLE ${table('oauth2_code')} ("id" ${id}, "code_hash" ${text(64)} NOT NULL, "client_id" ${text(128)} NOT NULL, "user_id" ${text(255)}, "redirect_uri" text, "scope" text NOT NULL DEFAULT ${dialect === 'sqlite' ? "('')" : "''"}, "issued_at" bigint NOT NULL, "expires_at" bigint NOT NULL, "code_challenge" ${text(128)}, "code_challenge_method" ${text(8)}, "consumed_at" bigint${pk('PK_b65042d9a048f69fb0f5a2fa5d5', 'id')}, ${fk('FK_4ba4a09b5d17ba002dc346f053c', 'client_id', 'oauth2_client', 'client_id', 'CASCADE')})`,
      `CREATE UNIQUE INDEX "IDX_4f7d3585a59a0e8168276d3505" ON ${table('oauth2_code')} ("code_hash")`,
      `CREATE INDEX "IDX_777b2242c1fb906fdc60abe138" ON ${table('oauth2_code')} ("expires_at")`,
      `CREATE TABLE ${table('oauth2_access_token')} ("id" ${id}, "token_hash" ${text(64)} NOT NULL, "refresh_token_hash" ${text(64)}, "mac_key" ${text(64)}, "token_type" ${text(16)} NOT NULL, "client_id" ${text(128)} NOT NULL, "user_id" ${text(255)}, "scope" text NOT NULL DEFAULT ${dialect === 'sqlite' ? "('')" : "''"}, "refresh_scope" text, "issued_at" bigint NOT NULL, "expires_at" bigint NOT NULL, "refresh_expires_at" bigint, "family_expires_at" bigint, "refreshable" boolean NOT NULL DEFAULT ${no}, "rotated_at" bigint, "revoked_at" bigint, "family_id" ${text(64)} NOT NULL, "code_id" integer${pk('PK_83c7ad39ae800a17c2466939126', 'id')}, ${fk('FK_bd44d8c488befa380af5b6985d3', 'client_id', 'oauth2_client', 'client_id', 'CASCADE')}, ${fk('FK_e7acbe0e942955f75dbe26b534f', 'code_id', 'oauth2_code', 'id', 'SET NULL')})`,
      `CREATE UNIQUE INDEX "IDX_19fc530034c9cb4e0e025118e6" ON ${table('oauth2_access_token')} ("token_hash")`,
      `CREATE UNIQUE INDEX "IDX_23e22b31d6876d685fad88dbe1" ON ${table('oauth2_access_token')} ("refresh_token_hash")`,
      `CREATE INDEX "IDX_41ff14b58541836acfa2893ff3" ON ${table('oauth2_access_token')} ("expires_at")`,
      `CREATE INDEX "IDX_be7956baa75a8c9bcb60c50237" ON ${table('oauth2_access_token')} ("family_id")`,
      `CREATE INDEX "IDX_e7acbe0e942955f75dbe26b534" ON ${table('oauth2_access_token')} ("code_id")`,
      `CREATE TABLE ${table('oauth2_mac_nonce')} ("id" ${id}, "access_token_id" integer NOT NULL, "nonce" ${text(255)} NOT NULL, "created_at" bigint NOT NULL${pk('PK_d1aba8950064b31d9982a061fe1', 'id')}, ${fk('FK_0ff7b64d4e68ec411a02de75cc7', 'access_token_id', 'oauth2_access_token', 'id', 'CASCADE')})`,
      `CREATE INDEX "IDX_0cbb05aa3b0af72314f1d0e50a" ON ${table('oauth2_mac_nonce')} ("created_at")`,
      `CREATE UNIQUE INDEX "IDX_8451f6a74ac676e9a1194d94fd" ON ${table('oauth2_mac_nonce')} ("access_token_id", "nonce")`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = qualifier(queryRunner);
    for (const name of [
      'oauth2_mac_nonce',
      'oauth2_access_token',
      'oauth2_code',
      'oauth2_client',
      'oauth2_access_range',
    ]) {
      await queryRunner.query(`DROP TABLE ${table(name)}`);
    }
  }
}

/** Quotes a table name, schema-qualified when the PostgreSQL DataSource names a schema. */
export function qualifier(queryRunner: QueryRunner): (name: string) => string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  return (name) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
}
