import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Contract §8. Events gain `attribution` (JSON text, or null) and `value`.
 * Three report rollups, maintained in the transaction that stores the events,
 * so reports never scan raw events and keep counting after those are pruned:
 * - `pixel_report_hours`: pixel × UTC hour (whole hours since the epoch) × the
 *   keys a report can group by (the edges of a range in any zone);
 * - `pixel_report_days`: the same per UTC day (days since the epoch), so a
 *   400-day report by key reads 400 days, not 9,600 hours;
 * - `pixel_report_hour_totals`: pixel × UTC hour × currency only (reports by
 *   local day, in any zone).
 * A key that is unknown is stored as '' (a primary key column cannot be null
 * on PostgreSQL); the currency of an event without one is 'XXX' (ISO 4217's
 * "no currency").
 */
/** The counters every rollup row has (frozen here: a migration never follows later code). */
export const MEASURES = `events bigint NOT NULL,
        conversions bigint NOT NULL,
        post_click_conversions bigint NOT NULL,
        post_view_conversions bigint NOT NULL,
        revenue double precision NOT NULL,
        value double precision NOT NULL`;

/**
 * SQLite: rows stored in primary-key order (a report is one range scan
 * without a second lookup per row); PostgreSQL has no such clause.
 */
export function clusteredClause(queryRunner: QueryRunner): string {
  return queryRunner.connection.options.type === "postgres"
    ? ""
    : " WITHOUT ROWID";
}

export class AddAttributionAndReportRollups1732409000000 implements MigrationInterface {
  name = "AddAttributionAndReportRollups1732409000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const clustered = clusteredClause(queryRunner);
    await queryRunner.query(
      "ALTER TABLE pixel_events ADD COLUMN attribution text NULL",
    );
    await queryRunner.query(
      "ALTER TABLE pixel_events ADD COLUMN value double precision NULL",
    );
    // By hour and by local day (the grain a report reads), one row per
    // combination of the dimensions a report groups by.
    for (const [table, time] of [
      ["pixel_report_hours", "hour"],
      ["pixel_report_days", "day"],
    ])
      await queryRunner.query(`
      CREATE TABLE ${table} (
        pixel_id varchar(32) NOT NULL,
        ${time} integer NOT NULL,
        campaign varchar(100) NOT NULL,
        source varchar(100) NOT NULL,
        touchpoint varchar(5) NOT NULL,
        conversion_type varchar(200) NOT NULL,
        currency varchar(3) NOT NULL,
        ${MEASURES},
        PRIMARY KEY (pixel_id, ${time}, campaign, source, touchpoint, conversion_type, currency)
      )${clustered}`);
    await queryRunner.query(`
      CREATE TABLE pixel_report_hour_totals (
        pixel_id varchar(32) NOT NULL,
        hour integer NOT NULL,
        currency varchar(3) NOT NULL,
        ${MEASURES},
        PRIMARY KEY (pixel_id, hour, currency)
      )${clustered}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE pixel_report_hour_totals");
    await queryRunner.query("DROP TABLE pixel_report_days");
    await queryRunner.query("DROP TABLE pixel_report_hours");
    await queryRunner.query("ALTER TABLE pixel_events DROP COLUMN value");
    await queryRunner.query("ALTER TABLE pixel_events DROP COLUMN attribution");
  }
}
