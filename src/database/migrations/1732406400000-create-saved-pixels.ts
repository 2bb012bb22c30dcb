import { MigrationInterface, QueryRunner } from "typeorm";

/** The saved pixels table. SQL kept to what SQLite and PostgreSQL both accept. */
export class CreateSavedPixels1732406400000 implements MigrationInterface {
  name = "CreateSavedPixels1732406400000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE saved_pixels (
        id varchar(32) NOT NULL PRIMARY KEY,
        account_id varchar(64) NOT NULL,
        name varchar(400) NOT NULL,
        name_key varchar(400) NOT NULL,
        description text NULL,
        config text NOT NULL,
        pixel_type varchar(20) NOT NULL,
        conversion_type varchar(200) NULL,
        target_platform varchar(20) NOT NULL,
        created_by varchar(128) NOT NULL,
        version integer NOT NULL,
        created_at varchar(30) NOT NULL,
        updated_at varchar(30) NOT NULL,
        last_event_at varchar(30) NULL,
        event_count integer NOT NULL DEFAULT 0
      )`);
    // Name uniqueness lives here, not in a read-then-write check: concurrent
    // creates with one name cannot both win.
    await queryRunner.query(
      "CREATE UNIQUE INDEX saved_pixels_account_name_key ON saved_pixels (account_id, name_key)",
    );
    // Lists are per account, newest first.
    await queryRunner.query(
      "CREATE INDEX saved_pixels_account_created ON saved_pixels (account_id, created_at, id)",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE saved_pixels");
  }
}
