import { EntityManager } from "typeorm";
import { MultiRowStatement, Sql } from "../database/sql";
import type { NormalisedEvent } from "../collection/collected-event";
import type { NotCounted } from "../collection/conversion-counter";

/** The currency a report shows for events without one (ISO 4217 "no currency"). */
export const NO_CURRENCY = "XXX";
/** How a rollup stores an unknown key (primary-key columns cannot be null on PostgreSQL). */
export const NULL_KEY = "";
const HOUR_MS = 3_600_000;
/** Rollup rows per INSERT statement (at most 13 parameters each). */
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
 * first (one upsert per key and table) and written in key order, so two
 * replicas' batches take row locks in the same order. Four tables (see the
 * migrations): keyed per hour, keyed per UTC day, per hour × currency and per
 * UTC day × currency.
 */
export class ReportRollups {
  /** Each table's multi-row upsert. */
  private readonly statements: Map<RollupTable, MultiRowStatement>;

  constructor(private readonly sql: Sql) {
    this.statements = new Map(
      Object.values(TABLES).map((table) => {
        const keyColumns = table.columns.slice(0, table.keyCount).join(", ");
        const updates = MEASURE_FIELDS.map(
          (field) => `${field} = ${table.name}.${field} + excluded.${field}`,
        ).join(", ");
        const statement = sql.multiRow({
          head: `INSERT INTO ${table.name} (${table.columns.join(", ")}) VALUES`,
          columns: table.columns.length,
          maxRows: ROWS_PER_UPSERT,
          tail: `ON CONFLICT (${keyColumns}) DO UPDATE SET ${updates}`,
        });
        return [table, statement];
      }),
    );
  }

  /** Deletes every rollup row of a pixel that was just deleted, in `manager`'s transaction. */
  async deleteAllOfDeletedPixel(
    pixelId: string,
    manager: EntityManager,
  ): Promise<void> {
    for (const { name } of Object.values(TABLES))
      await this.sql.affected(
        `DELETE FROM ${name} WHERE pixel_id = :pixelId`,
        { pixelId },
        manager,
      );
  }

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
    const perEvent: RollupRow[] = [];
    for (const event of events) {
      if (!isReportable(event)) continue;
      const counted =
        event.counted &&
        !excluded.has(`${event.pixel_id}\u0000${event.event_id}`);
      perEvent.push({
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
      });
    }
    if (perEvent.length === 0) return;
    const hourly = merge(perEvent, (row) => row);
    // The same events per UTC day, and per hour without the keys (see the migration).
    const daily = merge(hourly, (row) => ({
      ...row,
      hour: Math.floor(row.hour / 24),
    }));
    const totals = merge(hourly, (row) => ({
      ...row,
      campaign: NULL_KEY,
      source: NULL_KEY,
      touchpoint: NULL_KEY,
      conversion_type: NULL_KEY,
    }));
    const dayTotals = merge(totals, (row) => ({
      ...row,
      hour: Math.floor(row.hour / 24),
    }));
    await this.upsert(TABLES.hours, hourly, manager);
    await this.upsert(TABLES.days, daily, manager);
    await this.upsert(TABLES.hourTotals, totals, manager);
    await this.upsert(TABLES.dayTotals, dayTotals, manager);
  }

  /** Writes rows in key order (the same lock order on every replica), in chunks. */
  private async upsert(
    table: RollupTable,
    rows: RollupRow[],
    manager: EntityManager,
  ): Promise<void> {
    const ordered = rows
      .map((row) => ({ row, key: rowKey(row) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ row }) => row);
    await this.sql.affectedOf(
      this.statements.get(table)!,
      ordered,
      (row, values) => {
        for (const field of table.fields) values.push(row[field]);
      },
      manager,
    );
  }
}

/** Rows merged under a coarser key (`coarsen` maps a row to its coarser form). */
function merge(
  rows: RollupRow[],
  coarsen: (row: RollupRow) => RollupRow,
): RollupRow[] {
  const merged = new Map<string, RollupRow>();
  for (const row of rows) {
    const coarse = coarsen(row);
    const key = rowKey(coarse);
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...coarse });
    else addMeasures(seen, coarse);
  }
  return [...merged.values()];
}

function addMeasures(target: RollupMeasures, more: RollupMeasures): void {
  for (const field of MEASURE_FIELDS) target[field] += more[field];
}

function rowKey(row: RollupRow): string {
  return [
    row.pixel_id,
    String(row.hour).padStart(12, "0"),
    row.campaign,
    row.source,
    row.touchpoint,
    row.conversion_type,
    row.currency,
  ].join("\u0000");
}

/** The measures of every rollup row, in column order. */
export const MEASURE_FIELDS = [
  "events",
  "conversions",
  "post_click_conversions",
  "post_view_conversions",
  "revenue",
  "value",
] as const satisfies readonly (keyof RollupMeasures)[];

const KEY_FIELDS = [
  "pixel_id",
  "hour",
  "campaign",
  "source",
  "touchpoint",
  "conversion_type",
  "currency",
] as const satisfies readonly (keyof RollupRow)[];

interface RollupTable {
  name: string;
  /** Row fields in column order: the key first, then MEASURE_FIELDS. */
  fields: readonly (keyof RollupRow)[];
  columns: readonly string[];
  keyCount: number;
}

function table(
  name: string,
  keys: readonly (keyof RollupRow)[],
  columnOf: (field: keyof RollupRow) => string = (field) => field,
): RollupTable {
  const fields = [...keys, ...MEASURE_FIELDS];
  return {
    name,
    fields,
    columns: fields.map(columnOf),
    keyCount: keys.length,
  };
}

/** The four rollups (src/database/migrations/1732409000000-… and 1732409700000-…). */
const TABLES = {
  hours: table("pixel_report_hours", KEY_FIELDS),
  days: table("pixel_report_days", KEY_FIELDS, (field) =>
    field === "hour" ? "day" : field,
  ),
  hourTotals: table("pixel_report_hour_totals", [
    "pixel_id",
    "hour",
    "currency",
  ]),
  dayTotals: table(
    "pixel_report_day_totals",
    ["pixel_id", "hour", "currency"],
    (field) => (field === "hour" ? "day" : field),
  ),
};
