import { Injectable } from "@nestjs/common";
import { Sql, SqlParameters } from "../database/sql";
import { PIXEL_ACCESS } from "../saved-pixels/access/pixel-access";
import type { RollupMeasures } from "./report-rollups";
import { localDayReads, localDaySums } from "./local-days";

/** The rollup column a report groups by (the key), per `group_by` other than day. */
const KEY_COLUMNS = {
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

const COLUMNS = `events, conversions, post_click_conversions,
  post_view_conversions, revenue, value`;

const SUMS = `SUM(events) AS events, SUM(conversions) AS conversions,
  SUM(post_click_conversions) AS post_click_conversions,
  SUM(post_view_conversions) AS post_view_conversions,
  SUM(revenue) AS revenue, SUM(value) AS value`;

/** Which pixels a report covers: SQL over `pixel_id`, with its parameters. */
export interface PixelScope {
  where: string;
  parameters: SqlParameters;
  /** Whether it is exactly one pixel (a rollup's key is then unique without it). */
  onePixel: boolean;
}

/** One pixel (the caller has checked the account may read it). */
export function onePixel(pixelId: string): PixelScope {
  return {
    where: "pixel_id = :pixelId",
    parameters: { pixelId },
    onePixel: true,
  };
}

/** Every pixel the account may read: its own and those shared with it. */
export function accountPixels(accountId: string): PixelScope {
  return {
    where: `pixel_id IN (SELECT id FROM saved_pixels WHERE ${PIXEL_ACCESS.readable})`,
    parameters: { accountId },
    onePixel: false,
  };
}

/**
 * Reads the rollups (never raw events), always by a range of their primary
 * key (pixel_id, hour|day, …):
 * - by local day: `pixel_report_day_totals` for the UTC days between the
 *   range's local midnights, and `pixel_report_hour_totals` for the few hours
 *   between each local midnight and the nearest UTC one (local-days.ts);
 * - by key: `pixel_report_days` for the whole UTC days inside the range and
 *   `pixel_report_hours` for the hours at its two ends, merged by the caller.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Sums per local day and currency; `boundaries` are each day's first UTC
   * hour, then the hour after the range; `key` is the day's first hour.
   */
  async daySums(scope: PixelScope, boundaries: number[]): Promise<RollupSum[]> {
    const reads = localDayReads(boundaries);
    // The two reads are independent: on PostgreSQL they run at once on two
    // pooled connections (a report waits for the slower, not the sum); on
    // SQLite statements take turns anyway.
    const [dayTotals, blockTotals] = await Promise.all([
      this.dayTotals(scope, reads.firstDay, reads.endDay),
      this.halfDayBlockTotals(scope, reads.hours),
    ]);
    return localDaySums(boundaries, dayTotals, blockTotals);
  }

  /** One row per UTC day [firstDay, endDay) and currency. */
  private dayTotals(
    scope: PixelScope,
    firstDay: number,
    endDay: number,
  ): Promise<RollupSum[]> {
    // One pixel's day totals are unique per (day, currency) already: no
    // GROUP BY (a third of the time on SQLite); localDaySums adds repeats.
    return this.asList(
      scope.onePixel
        ? `SELECT day AS group_key, currency, ${COLUMNS}
             FROM pixel_report_day_totals
            WHERE ${scope.where} AND day >= :firstDay AND day < :endDay`
        : `SELECT day AS group_key, currency, ${SUMS}
             FROM pixel_report_day_totals
            WHERE ${scope.where} AND day >= :firstDay AND day < :endDay
            GROUP BY day, currency`,
      { ...scope.parameters, firstDay, endDay },
    );
  }

  /** The sums of `hours` (ascending) per 12-hour block (hour ÷ 12) and currency. */
  private async halfDayBlockTotals(
    scope: PixelScope,
    hours: number[],
  ): Promise<RollupSum[]> {
    if (hours.length === 0) return [];
    // The hours go as one parameter (a list of integers we computed): an
    // array on PostgreSQL (`= ANY`: probed in the primary key, or hashed when
    // the pixel's hours are scanned; 4–6 ms for Berlin's 800 hours where the
    // semi-join on `unnest` took 8), a JSON array on SQLite (one primary-key
    // probe per hour).
    const listed = this.sql.postgres
      ? "hour = ANY(CAST(:hours AS integer[]))"
      : "hour IN (SELECT value FROM json_each(:hours))";
    return this.asList(
      `SELECT CAST(hour / 12 AS INTEGER) AS group_key, currency, ${SUMS}
         FROM pixel_report_hour_totals
        WHERE ${scope.where} AND hour >= :firstHour AND hour <= :lastHour AND ${listed}
        GROUP BY 1, 2`,
      {
        ...scope.parameters,
        firstHour: hours[0],
        lastHour: hours[hours.length - 1],
        hours: this.sql.postgres
          ? `{${hours.join(",")}}`
          : JSON.stringify(hours),
      },
    );
  }

  /**
   * The rows of `select` (group_key, currency, then the measures in
   * RollupMeasures order) as one JSON array built by the database: a report
   * by day reads ~2,400 rows, and the drivers build a JavaScript object per
   * row column by column, which cost more than the query itself (2.7× the
   * time on SQLite); JSON.parse of one string does not. Both databases write
   * doubles in JSON exactly (shortest round-trip form).
   */
  private async asList(
    select: string,
    parameters: SqlParameters,
  ): Promise<RollupSum[]> {
    const columns =
      "group_key, currency, events, conversions, post_click_conversions, post_view_conversions, revenue, value";
    const [row] = await this.sql.rows<{ list: string | unknown[] | null }>(
      this.sql.postgres
        ? `SELECT json_agg(json_build_array(${columns})) AS list FROM (${select}) AS selected`
        : `SELECT json_group_array(json_array(${columns})) AS list FROM (${select}) AS selected`,
      parameters,
    );
    const list = (
      typeof row?.list === "string" ? JSON.parse(row.list) : (row?.list ?? [])
    ) as [number | string, string, ...number[]][];
    return list.map((item) => ({
      key: Number(item[0]),
      currency: String(item[1]),
      events: Number(item[2]),
      conversions: Number(item[3]),
      post_click_conversions: Number(item[4]),
      post_view_conversions: Number(item[5]),
      revenue: Number(item[6]),
      value: Number(item[7]),
    }));
  }

  /** Sums per key and currency over the UTC hours [fromHour, toHour). */
  async keySums(
    scope: PixelScope,
    group: KeyColumn,
    fromHour: number,
    toHour: number,
  ): Promise<RollupSum[]> {
    const firstDay = Math.ceil(fromHour / 24);
    const endDay = Math.floor(toHour / 24);
    if (firstDay >= endDay)
      return this.keyRows(
        "pixel_report_hours",
        "hour",
        scope,
        group,
        fromHour,
        toHour,
      );
    return [
      ...(await this.keyRows(
        "pixel_report_days",
        "day",
        scope,
        group,
        firstDay,
        endDay,
      )),
      ...(await this.keyRows(
        "pixel_report_hours",
        "hour",
        scope,
        group,
        fromHour,
        firstDay * 24,
      )),
      ...(await this.keyRows(
        "pixel_report_hours",
        "hour",
        scope,
        group,
        endDay * 24,
        toHour,
      )),
    ];
  }

  private async keyRows(
    table: "pixel_report_hours" | "pixel_report_days",
    unit: "hour" | "day",
    scope: PixelScope,
    group: KeyColumn,
    from: number,
    to: number,
  ): Promise<RollupSum[]> {
    if (from >= to) return [];
    const column = KEY_COLUMNS[group];
    const rows = await this.sql.rows<RawSum>(
      `SELECT ${column} AS group_key, currency, ${SUMS}
         FROM ${table}
        WHERE ${scope.where} AND ${unit} >= :from AND ${unit} < :to
        GROUP BY ${column}, currency`,
      { ...scope.parameters, from, to },
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
