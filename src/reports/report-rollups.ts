import { EntityManager } from "typeorm";
import { Sql, SqlParameters } from "../database/sql";
import type { NormalisedEvent } from "../collection/collected-event";
import type { NotCounted } from "../collection/conversion-counter";

/** The currency a report shows for events without one (ISO 4217 "no currency"). */
export const NO_CURRENCY = "XXX";
/** How a rollup stores an unknown key (primary-key columns cannot be null on PostgreSQL). */
export const NULL_KEY = "";
const HOUR_MS = 3_600_000;
/** Rollup rows per INSERT statement (13 parameters each). */
const ROWS_PER_UPSERT = 50;

/**
 * Whether an event enters reports at all (contract §9: test events never do).
 * THE one place the test-event filter lives: an event marked `test: true`, or
 * not counted because it is a test event, is left out.
 */
export function isReportable(event: NormalisedEvent): boolean {
  const marked = (event as NormalisedEvent & { test?: unknown }).test;
  return marked !== true && event.not_counted_reason !== "test_event";
}

/** What a rollup row counts (and a report sums). */
export interface RollupMeasures {
  events: number;
  conversions: number;
  post_click_conversions: number;
  post_view_conversions: number;
  revenue: number;
  value: number;
}

interface RollupRow extends RollupMeasures {
  pixel_id: string;
  hour: number;
  campaign: string;
  source: string;
  touchpoint: string;
  conversion_type: string;
  currency: string;
}

/**
 * Contract §8 report rollups: adds a batch of newly stored events to
 * `pixel_report_hours` (pixel × UTC hour × campaign × source × touchpoint ×
 * conversion type × currency), inside the batch's own transaction, so a report
 * is always consistent with what was stored and never reads raw events.
 * `events` counts every reportable event; `conversions`, the post-click/view
 * counts, revenue and value only the counted ones. Rows are merged in memory
 * first (one upsert per key) and written in key order, so two replicas'
 * batches take row locks in the same order.
 */
export class ReportRollups {
  constructor(private readonly sql: Sql) {}

  /**
   * `events`: the events this transaction inserted (not duplicates);
   * `notCounted`: those the counting rules then excluded (ConversionCounter).
   */
  async add(
    events: NormalisedEvent[],
    notCounted: NotCounted[],
    manager: EntityManager,
  ): Promise<void> {
    const excluded = new Set(
      notCounted.map((item) => `${item.pixel_id}\u0000${item.event_id}`),
    );
    const rows = new Map<string, RollupRow>();
    for (const event of events) {
      if (!isReportable(event)) continue;
      const counted =
        event.counted &&
        !excluded.has(`${event.pixel_id}\u0000${event.event_id}`);
      const row: RollupRow = {
        pixel_id: event.pixel_id,
        hour: Math.floor(Date.parse(event.received_at) / HOUR_MS),
        campaign: event.attribution?.campaign ?? NULL_KEY,
        source: event.attribution?.source ?? NULL_KEY,
        touchpoint: event.attribution?.touchpoint ?? NULL_KEY,
        conversion_type: event.conversion_type ?? NULL_KEY,
        currency: event.currency ?? NO_CURRENCY,
        events: 1,
        conversions: counted ? 1 : 0,
        post_click_conversions:
          counted && event.attribution?.touchpoint === "click" ? 1 : 0,
        post_view_conversions:
          counted && event.attribution?.touchpoint === "view" ? 1 : 0,
        revenue: counted ? (event.revenue ?? 0) : 0,
        value: counted ? (event.value ?? 0) : 0,
      };
      const key = [
        row.pixel_id,
        String(row.hour).padStart(12, "0"),
        row.campaign,
        row.source,
        row.touchpoint,
        row.conversion_type,
        row.currency,
      ].join("\u0000");
      const seen = rows.get(key);
      if (!seen) rows.set(key, row);
      else {
        seen.events += row.events;
        seen.conversions += row.conversions;
        seen.post_click_conversions += row.post_click_conversions;
        seen.post_view_conversions += row.post_view_conversions;
        seen.revenue += row.revenue;
        seen.value += row.value;
      }
    }
    const ordered = [...rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row);
    for (let i = 0; i < ordered.length; i += ROWS_PER_UPSERT)
      await this.upsert(ordered.slice(i, i + ROWS_PER_UPSERT), manager);
  }

  private async upsert(
    rows: RollupRow[],
    manager: EntityManager,
  ): Promise<void> {
    const parameters: SqlParameters = {};
    const tuples = rows.map((row, index) => {
      const names = ROLLUP_COLUMNS.map((column) => {
        parameters[`${column}${index}`] = row[column];
        return `:${column}${index}`;
      });
      return `(${names.join(", ")})`;
    });
    await this.sql.affected(
      `INSERT INTO pixel_report_hours (${ROLLUP_COLUMNS.join(", ")})
       VALUES ${tuples.join(", ")}
       ON CONFLICT (pixel_id, hour, campaign, source, touchpoint, conversion_type, currency)
       DO UPDATE SET
         events = pixel_report_hours.events + excluded.events,
         conversions = pixel_report_hours.conversions + excluded.conversions,
         post_click_conversions = pixel_report_hours.post_click_conversions + excluded.post_click_conversions,
         post_view_conversions = pixel_report_hours.post_view_conversions + excluded.post_view_conversions,
         revenue = pixel_report_hours.revenue + excluded.revenue,
         value = pixel_report_hours.value + excluded.value`,
      parameters,
      manager,
    );
  }
}

const ROLLUP_COLUMNS = [
  "pixel_id",
  "hour",
  "campaign",
  "source",
  "touchpoint",
  "conversion_type",
  "currency",
  "events",
  "conversions",
  "post_click_conversions",
  "post_view_conversions",
  "revenue",
  "value",
] as const satisfies readonly (keyof RollupRow)[];
