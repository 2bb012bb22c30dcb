import { MigrationInterface, QueryRunner } from "typeorm";
import {
  clusteredClause,
  MEASURES,
} from "./1732409000000-add-attribution-and-report-rollups";

/**
 * Issue #11's speed target: `pixel_report_day_totals`, pixel × UTC day (days
 * since the epoch) × currency, kept with the other rollups in each event
 * batch's transaction. A report by local day in any zone reads these 400 rows
 * per currency plus, per local midnight, the few UTC hours between it and the
 * nearest UTC midnight (at most 12), instead of all 9,600 hourly rows. Filled
 * from `pixel_report_hour_totals` here, so existing data reports the same.
 */
export class AddReportDayTotals1732409700000 implements MigrationInterface {
  name = "AddReportDayTotals1732409700000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pixel_report_day_totals (
        pixel_id varchar(32) NOT NULL,
        day integer NOT NULL,
        currency varchar(3) NOT NULL,
        ${MEASURES},
        PRIMARY KEY (pixel_id, day, currency)
      )${clusteredClause(queryRunner)}`);
    // Hours since the epoch are never negative: integer division is the UTC day.
    await queryRunner.query(`
      INSERT INTO pixel_report_day_totals (pixel_id, day, currency, events,
        conversions, post_click_conversions, post_view_conversions, revenue, value)
      SELECT pixel_id, hour / 24, currency, SUM(events), SUM(conversions),
        SUM(post_click_conversions), SUM(post_view_conversions), SUM(revenue), SUM(value)
        FROM pixel_report_hour_totals
       GROUP BY pixel_id, hour / 24, currency`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE pixel_report_day_totals");
  }
}
