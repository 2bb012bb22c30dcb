import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Contract §9: events gain `test` (1 for a test event, sent with a
 * `test_event_code`), so the events list can filter on it and reports can leave
 * test traffic out. Existing events are real ones (0).
 */
export class AddTestEvents1732409200000 implements MigrationInterface {
  name = "AddTestEvents1732409200000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "ALTER TABLE pixel_events ADD COLUMN test integer NOT NULL DEFAULT 0",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE pixel_events DROP COLUMN test");
  }
}
