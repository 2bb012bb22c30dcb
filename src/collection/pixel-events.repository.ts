import { Injectable } from "@nestjs/common";
import { EntityManager } from "typeorm";
import { PixelDependents } from "../database/pixel-dependents";
import {
  MultiRowStatement,
  Sql,
  SqlParameters,
  SqlValue,
} from "../database/sql";
import {
  EventSource,
  NormalisedEvent,
  NotCountedReason,
} from "./collected-event";
import { ConversionCounter, NotCounted } from "./conversion-counter";
import type { Attribution } from "../pixels/attribution";
import { ReportRollups } from "../reports/report-rollups";
import {
  PixelEventsMove,
  SavedPixelsRepository,
} from "../saved-pixels/saved-pixels.repository";

/** An event as `GET /saved-pixels/{id}/events` lists it. */
export interface StoredEvent {
  received_at: string;
  event_id: string;
  type: string;
  conversion_type: string | null;
  revenue: number | null;
  currency: string | null;
  properties: Record<string, string | number | boolean | (string | number)[]>;
  page_url: string | null;
  referrer: string | null;
  client_time: string | null;
  warnings: string[];
  counted: boolean;
  not_counted_reason: NotCountedReason | null;
  transaction_id: string | null;
  visitor_id: string | null;
  source: EventSource;
  attribution: Attribution | null;
  value: number | null;
  /** §9: a test event (never counted, never in status or reports). */
  test: boolean;
}

/** What became of one newly stored event of a batch, once the §7 rules ran. */
export interface StoredOutcome {
  pixel_id: string;
  event_id: string;
  counted: boolean;
  not_counted_reason: NotCountedReason | null;
}

/** `recent`'s filter: only test events (true), only real ones (false), or all. */
export interface RecentFilter {
  test?: boolean;
}

interface EventRow {
  received_at: string;
  event_id: string;
  type: string;
  conversion_type: string | null;
  revenue: number | string | null;
  currency: string | null;
  properties: string;
  page_url: string | null;
  referrer: string | null;
  client_time: string | null;
  warnings: string;
  counted: number | string | boolean;
  not_counted_reason: NotCountedReason | null;
  transaction_id: string | null;
  visitor_id: string | null;
  source: EventSource;
  attribution: string | null;
  value: number | string | null;
  test: number | string | boolean;
}

/** Rows per INSERT statement: 20 parameters each, far below either database's limit. */
const ROWS_PER_INSERT = 50;
/** Column order of insertRows' value tuples. */
const EVENT_COLUMNS = [
  "pixel_id",
  "event_id",
  "received_at",
  "type",
  "conversion_type",
  "revenue",
  "currency",
  "properties",
  "page_url",
  "referrer",
  "client_time",
  "warnings",
  "counted",
  "not_counted_reason",
  "transaction_id",
  "visitor_id",
  "source",
  "attribution",
  "value",
  "test",
];

/** Every events query. SQL is written once with :named parameters for both dialects. */
@Injectable()
export class PixelEventsRepository {
  private readonly counter: ConversionCounter;
  private readonly rollups: ReportRollups;
  private readonly insertEvents: MultiRowStatement;

  constructor(
    private readonly sql: Sql,
    private readonly savedPixels: SavedPixelsRepository,
    dependents: PixelDependents,
  ) {
    this.counter = new ConversionCounter(sql);
    this.rollups = new ReportRollups(sql);
    this.insertEvents = sql.multiRow({
      head: `INSERT INTO pixel_events (${EVENT_COLUMNS.join(", ")}) VALUES`,
      columns: EVENT_COLUMNS.length,
      maxRows: ROWS_PER_INSERT,
      tail: `ON CONFLICT (pixel_id, event_id) DO NOTHING
       RETURNING pixel_id, event_id, received_at`,
    });
    // A deleted pixel's events, counting state and rollups go with it (in the
    // delete's transaction), each deleted by the code that writes it.
    dependents.register(async (pixelId, manager) => {
      await this.sql.affected(
        "DELETE FROM pixel_events WHERE pixel_id = :pixelId",
        { pixelId },
        manager,
      );
      await this.counter.deleteAllOfDeletedPixel(pixelId, manager);
      await this.rollups.deleteAllOfDeletedPixel(pixelId, manager);
    });
  }

  /**
   * Stores a batch in one transaction: each event once (a duplicate event_id is
   * skipped by the primary key), only while its pixel exists (the collector's
   * pixel cache may still know one deleted a moment ago), and each pixel's
   * counter and last-event time moved by what was really inserted. Rows go in
   * a few multi-row INSERTs rather than one statement per event. Then the
   * §7 counting rules run on the newly inserted events (ConversionCounter) and
   * the few that do not count are marked, in the same transaction.
   * `precondition`, when given, runs first inside the transaction and aborts it
   * by throwing. Test events (§9) are stored but move neither counter nor
   * last-event time, so they never turn a pixel's `status` active. Answers the
   * newly stored events (not those skipped as duplicates) with whether each
   * counts.
   */
  async insertBatch(
    events: NormalisedEvent[],
    precondition?: (manager: EntityManager) => Promise<void>,
  ): Promise<StoredOutcome[]> {
    if (events.length === 0) return [];
    return this.sql.transaction(async (manager) => {
      await precondition?.(manager);
      const existing = await this.savedPixels.holdExisting(
        [...new Set(events.map((event) => event.pixel_id))],
        manager,
      );
      const kept = events.filter((event) => existing.has(event.pixel_id));
      const moves = new Map<string, PixelEventsMove>();
      const byKey = new Map(
        kept.map((event) => [
          `${event.pixel_id}\u0000${event.event_id}`,
          event,
        ]),
      );
      const fresh: NormalisedEvent[] = [];
      for (const row of await this.insertRows(kept, manager)) {
        const event = byKey.get(`${row.pixel_id}\u0000${row.event_id}`);
        if (event) fresh.push(event);
        if (event?.test) continue;
        const move = moves.get(row.pixel_id);
        if (!move)
          moves.set(row.pixel_id, {
            pixelId: row.pixel_id,
            count: 1,
            last: row.received_at,
          });
        else {
          move.count += 1;
          if (row.received_at > move.last) move.last = row.received_at;
        }
      }
      const notCounted = await this.counter.settle(fresh, manager);
      for (const { pixel_id, event_id, reason } of notCounted) {
        await this.sql.affected(
          `UPDATE pixel_events SET counted = 0, not_counted_reason = :reason
            WHERE pixel_id = :pixelId AND event_id = :eventId`,
          { reason, pixelId: pixel_id, eventId: event_id },
          manager,
        );
      }
      // §8 reports: the rollups move with the events, in this transaction.
      await this.rollups.add(fresh, notCounted, manager);
      await this.savedPixels.recordEvents([...moves.values()], manager);
      return storedOutcomes(fresh, notCounted);
    });
  }

  /** A pixel's newest `limit` events, newest first; `filter.test` keeps only test (or only real) events. */
  async recent(
    pixelId: string,
    limit: number,
    filter: RecentFilter = {},
  ): Promise<StoredEvent[]> {
    const parameters: SqlParameters = { pixelId, limit };
    let testCondition = "";
    if (filter.test !== undefined) {
      testCondition = " AND test = :test";
      parameters.test = filter.test ? 1 : 0;
    }
    const rows = await this.sql.rows<EventRow>(
      `SELECT received_at, event_id, type, conversion_type, revenue, currency, properties,
              page_url, referrer, client_time, warnings,
              counted, not_counted_reason, transaction_id, visitor_id, source,
              attribution, value, test
         FROM pixel_events WHERE pixel_id = :pixelId${testCondition}
        ORDER BY received_at DESC, event_id DESC LIMIT :limit`,
      parameters,
    );
    return rows.map((row) => ({
      ...row,
      revenue: row.revenue === null ? null : Number(row.revenue),
      properties: JSON.parse(row.properties) as StoredEvent["properties"],
      warnings: JSON.parse(row.warnings) as string[],
      counted: Number(row.counted) === 1,
      attribution:
        row.attribution === null
          ? null
          : (JSON.parse(row.attribution) as Attribution),
      value: row.value === null ? null : Number(row.value),
      test: Number(row.test) === 1,
    }));
  }

  /**
   * Keeps a pixel's newest `keep` events and anything younger than `cutoff` (so
   * deduplication still holds for a day); the rest goes. Uses the pixel's index only.
   */
  async prune(pixelId: string, keep: number, cutoff: string): Promise<void> {
    await this.sql.affected(
      `DELETE FROM pixel_events
        WHERE pixel_id = :pixelId AND received_at < :cutoff
          AND received_at < (SELECT received_at FROM pixel_events WHERE pixel_id = :pixelId
                              ORDER BY received_at DESC LIMIT 1 OFFSET :offset)`,
      { pixelId, cutoff, offset: keep - 1 },
    );
  }

  /** Whether the database answers at all (tells a refused event from an outage). */
  async ping(): Promise<void> {
    await this.sql.rows("SELECT 1 AS up");
  }

  /** Multi-row INSERTs; answers the rows really inserted (not duplicates). */
  private insertRows(
    events: NormalisedEvent[],
    manager: EntityManager,
  ): Promise<{ pixel_id: string; event_id: string; received_at: string }[]> {
    return this.sql.rowsOf(this.insertEvents, events, pushEventValues, manager);
  }
}

/** Appends an event's values in EVENT_COLUMNS order. */
function pushEventValues(event: NormalisedEvent, values: SqlValue[]): void {
  values.push(
    event.pixel_id,
    event.event_id,
    event.received_at,
    event.type,
    event.conversion_type,
    event.revenue,
    event.currency,
    JSON.stringify(event.properties),
    event.page_url,
    event.referrer,
    event.client_time,
    JSON.stringify(event.warnings),
    event.counted ? 1 : 0,
    event.not_counted_reason,
    event.transaction_id,
    event.visitor_id,
    event.source,
    event.attribution === null ? null : JSON.stringify(event.attribution),
    event.value,
    event.test ? 1 : 0,
  );
}

/** The newly stored events with their final counting, in arrival order. */
function storedOutcomes(
  fresh: NormalisedEvent[],
  notCounted: NotCounted[],
): StoredOutcome[] {
  const reasons = new Map(
    notCounted.map(({ pixel_id, event_id, reason }) => [
      `${pixel_id}\u0000${event_id}`,
      reason,
    ]),
  );
  return fresh.map((event) => {
    const reason = reasons.get(`${event.pixel_id}\u0000${event.event_id}`);
    return {
      pixel_id: event.pixel_id,
      event_id: event.event_id,
      counted: reason === undefined && event.counted,
      not_counted_reason: reason ?? event.not_counted_reason,
    };
  });
}
