import { Injectable } from "@nestjs/common";
import { Sql, SqlParameters } from "../database/sql";
import { PIXEL_ACCESS } from "../saved-pixels/access/pixel-access";
import type { RollupMeasures } from "./report-rollups";

/** The rollup column a report groups by (the key), per `group_by`. */
const KEY_COLUMNS = {
  day: "hour",
  campaign: "campaign",
  source: "source",
  touchpoint: "touchpoint",
  conversion_type: "conversion_type",
  pixel: "pixel_id",
} as const;
export type KeyColumn = keyof typeof KEY_COLUMNS;

/** One group × currency of the rollups, summed. */
export interface RollupSum extends RollupMeasures {
  /** The hour (a number) for `day`, else the key text ('' for none). */
  key: string | number;
  currency: string;
}

type RawSum = { [K in Exclude<keyof RollupSum, "key">]: string | number } & {
  group_key: string | number;
};

const SUMS = `SUM(events) AS events, SUM(conversions) AS conversions,
  SUM(post_click_conversions) AS post_click_conversions,
  SUM(post_view_conversions) AS post_view_conversions,
  SUM(revenue) AS revenue, SUM(value) AS value`;

/**
 * Reads `pixel_report_hours` (never raw events): sums per key and currency over
 * whole UTC hours `[fromHour, toHour)`. Both queries use the rollup's primary
 * key (pixel_id, hour, …) as a range scan.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly sql: Sql) {}

  /** One pixel's sums (the caller has checked the account may read it). */
  pixelSums(
    pixelId: string,
    group: KeyColumn,
    fromHour: number,
    toHour: number,
  ): Promise<RollupSum[]> {
    return this.sums(
      "pixel_id = :pixelId",
      { pixelId },
      group,
      fromHour,
      toHour,
    );
  }

  /** Every pixel the account may read (its own and those shared with it), summed. */
  accountSums(
    accountId: string,
    group: KeyColumn,
    fromHour: number,
    toHour: number,
  ): Promise<RollupSum[]> {
    return this.sums(
      `pixel_id IN (SELECT id FROM saved_pixels WHERE ${PIXEL_ACCESS.readable})`,
      { accountId },
      group,
      fromHour,
      toHour,
    );
  }

  private async sums(
    pixels: string,
    parameters: SqlParameters,
    group: KeyColumn,
    fromHour: number,
    toHour: number,
  ): Promise<RollupSum[]> {
    const column = KEY_COLUMNS[group];
    const rows = await this.sql.rows<RawSum>(
      `SELECT ${column} AS group_key, currency, ${SUMS}
         FROM pixel_report_hours
        WHERE ${pixels} AND hour >= :fromHour AND hour < :toHour
        GROUP BY ${column}, currency`,
      { ...parameters, fromHour, toHour },
    );
    return rows.map(toSum);
  }
}

function toSum(row: RawSum): RollupSum {
  return {
    key:
      typeof row.group_key === "number" ? row.group_key : String(row.group_key),
    currency: String(row.currency),
    events: Number(row.events),
    conversions: Number(row.conversions),
    post_click_conversions: Number(row.post_click_conversions),
    post_view_conversions: Number(row.post_view_conversions),
    revenue: Number(row.revenue),
    value: Number(row.value),
  };
}
