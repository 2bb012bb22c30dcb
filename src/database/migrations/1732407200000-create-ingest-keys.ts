import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Ingest keys (contract §9): the credentials servers send events with. Only a
 * hash of each key is kept; `key_hash` is unique so a request finds its key by
 * one index lookup. A revoked key is deleted, so no replica can still find it.
 */
export class CreateIngestKeys1732407200000 implements MigrationInterface {
  name = "CreateIngestKeys1732407200000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ingest_keys (
        id varchar(32) NOT NULL PRIMARY KEY,
        account_id varchar(64) NOT NULL,
        name varchar(400) NOT NULL,
        key_hash varchar(64) NOT NULL,
        created_at varchar(30) NOT NULL,
        last_used_at varchar(30) NULL
      )`);
    await queryRunner.query(
      "CREATE UNIQUE INDEX ingest_keys_key_hash ON ingest_keys (key_hash)",
    );
    // The account's list, newest first.
    await queryRunner.query(
      "CREATE INDEX ingest_keys_account_created ON ingest_keys (account_id, created_at)",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE ingest_keys");
  }
}
