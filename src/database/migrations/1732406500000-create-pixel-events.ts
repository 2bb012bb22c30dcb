import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Events received from the tracker. The primary key (pixel_id, event_id) is the
 * deduplication: a resent event_id for the same pixel is stored once.
 */
export class CreatePixelEvents1732406500000 implements MigrationInterface {
  name = "CreatePixelEvents1732406500000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pixel_events (
        pixel_id varchar(32) NOT NULL,
        event_id varchar(64) NOT NULL,
        received_at varchar(30) NOT NULL,
        type varchar(20) NOT NULL,
        conversion_type varchar(200) NULL,
        revenue double precision NULL,
        currency varchar(3) NULL,
        properties text NOT NULL,
        page_url text NULL,
        referrer text NULL,
        client_time varchar(40) NULL,
        warnings text NOT NULL,
        PRIMARY KEY (pixel_id, event_id)
      )`);
    // "The most recent events of a pixel", and pruning by age.
    await queryRunner.query(
      "CREATE INDEX pixel_events_pixel_received ON pixel_events (pixel_id, received_at)",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE pixel_events");
  }
}
