import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Contract §7. Saved pixels gain `state` (the user's on/off switch) and
 * `conversion_rules` (the other §7 fields as JSON); existing pixels get the
 * defaults a new pixel of their type gets. Events gain whether they counted and
 * why not, the transaction and visitor they name, and their source. Counting
 * state lives in two tables whose primary keys decide, so replicas on one
 * database cannot both count the same order or the same repeat:
 * - `pixel_transactions`: each (pixel, transaction) that was counted, forever
 *   (events are pruned, these rows are not);
 * - `pixel_visitors`: when each (pixel, visitor) last counted.
 * The JSON literals are frozen here on purpose: a migration must not change
 * when the code's defaults do.
 */
export class AddConversionRules1732406600000 implements MigrationInterface {
  name = "AddConversionRules1732406600000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const conversionCommon =
      '"trigger_type":"hybrid","post_view_expire_mins":1440,"post_click_expire_mins":20160,"post_view_value":null,"post_click_value":null';
    const tail = '"piggyback_pixels":[],"consent_mode":"off"';
    const pageview = `{"event_category":null,"trigger_type":null,"post_view_expire_mins":null,"post_click_expire_mins":null,"post_view_value":null,"post_click_value":null,"min_minutes_per_conv":null,${tail}}`;
    const countAll = `{"event_category":null,${conversionCommon},"min_minutes_per_conv":0,${tail}}`;
    const perVisitor = `{"event_category":null,${conversionCommon},"min_minutes_per_conv":null,${tail}}`;

    await queryRunner.query(
      "ALTER TABLE saved_pixels ADD COLUMN state varchar(10) NOT NULL DEFAULT 'active'",
    );
    await queryRunner.query(
      "ALTER TABLE saved_pixels ADD COLUMN conversion_rules text NOT NULL DEFAULT '{}'",
    );
    await queryRunner.query(
      `UPDATE saved_pixels SET conversion_rules = CASE
         WHEN pixel_type = 'pageview' THEN ${quote(pageview)}
         WHEN conversion_type IN ('purchase', 'add_to_cart', 'begin_checkout') THEN ${quote(countAll)}
         ELSE ${quote(perVisitor)} END`,
    );

    await queryRunner.query(
      "ALTER TABLE pixel_events ADD COLUMN counted integer NOT NULL DEFAULT 1",
    );
    await queryRunner.query(
      "ALTER TABLE pixel_events ADD COLUMN not_counted_reason varchar(32) NULL",
    );
    await queryRunner.query(
      "ALTER TABLE pixel_events ADD COLUMN transaction_id varchar(256) NULL",
    );
    await queryRunner.query(
      "ALTER TABLE pixel_events ADD COLUMN visitor_id varchar(128) NULL",
    );
    await queryRunner.query(
      "ALTER TABLE pixel_events ADD COLUMN source varchar(10) NOT NULL DEFAULT 'browser'",
    );

    await queryRunner.query(`
      CREATE TABLE pixel_transactions (
        pixel_id varchar(32) NOT NULL,
        transaction_id varchar(256) NOT NULL,
        event_id varchar(64) NOT NULL,
        counted_at varchar(30) NOT NULL,
        PRIMARY KEY (pixel_id, transaction_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE pixel_visitors (
        pixel_id varchar(32) NOT NULL,
        visitor_id varchar(128) NOT NULL,
        last_counted_at varchar(30) NOT NULL,
        PRIMARY KEY (pixel_id, visitor_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE pixel_visitors");
    await queryRunner.query("DROP TABLE pixel_transactions");
    for (const column of [
      "source",
      "visitor_id",
      "transaction_id",
      "not_counted_reason",
      "counted",
    ])
      await queryRunner.query(`ALTER TABLE pixel_events DROP COLUMN ${column}`);
    await queryRunner.query(
      "ALTER TABLE saved_pixels DROP COLUMN conversion_rules",
    );
    await queryRunner.query("ALTER TABLE saved_pixels DROP COLUMN state");
  }
}

/** A SQL string literal of a constant written here (no input reaches it). */
function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
