import { Injectable } from "@nestjs/common";
import { EntityManager } from "typeorm";
import { Sql } from "../database/sql";
import { NormalisedEvent } from "./collected-event";

/** An event as `GET /saved-pixels/{id}/events` lists it. */
export interface StoredEvent {
  received_at: string;
  event_id: string;
  type: string;
  conversion_type: string | null;
  revenue: number | null;
  currency: string | null;
  properties: Record<string, string | number | boolean>;
  page_url: string | null;
  referrer: string | null;
  client_time: string | null;
  warnings: string[];
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
}

/** Every events query. SQL is written once with :named parameters for both dialects. */
@Injectable()
export class PixelEventsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Stores a batch in one transaction: each event once (a duplicate event_id is
   * skipped by the primary key), only while its pixel exists (the collector's
   * pixel cache may still know one deleted a moment ago), and each pixel's counter and last-event time
   * moved by what was really inserted.
   */
  async insertBatch(events: NormalisedEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    return this.sql.transaction(async (manager) => {
      const inserted = new Map<string, { count: number; last: string }>();
      for (const event of events) {
        if (!(await this.insertOne(manager, event))) continue;
        const seen = inserted.get(event.pixel_id);
        if (!seen)
          inserted.set(event.pixel_id, { count: 1, last: event.received_at });
        else {
          seen.count += 1;
          if (event.received_at > seen.last) seen.last = event.received_at;
        }
      }
      for (const [pixelId, { count, last }] of inserted) {
        await this.sql.affected(
          `UPDATE saved_pixels SET event_count = event_count + :count,
             last_event_at = CASE WHEN last_event_at IS NULL OR last_event_at < :last THEN :last ELSE last_event_at END
           WHERE id = :pixelId`,
          { count, last, pixelId },
          manager,
        );
      }
      let total = 0;
      for (const { count } of inserted.values()) total += count;
      return total;
    });
  }

  async recent(pixelId: string, limit: number): Promise<StoredEvent[]> {
    const rows = await this.sql.rows<EventRow>(
      `SELECT received_at, event_id, type, conversion_type, revenue, currency, properties,
              page_url, referrer, client_time, warnings
         FROM pixel_events WHERE pixel_id = :pixelId
        ORDER BY received_at DESC, event_id DESC LIMIT :limit`,
      { pixelId, limit },
    );
    return rows.map((row) => ({
      ...row,
      revenue: row.revenue === null ? null : Number(row.revenue),
      properties: JSON.parse(row.properties) as StoredEvent["properties"],
      warnings: JSON.parse(row.warnings) as string[],
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

  private async insertOne(
    manager: EntityManager,
    event: NormalisedEvent,
  ): Promise<boolean> {
    const rows = await this.sql.rows(
      `INSERT INTO pixel_events (pixel_id, event_id, received_at, type, conversion_type, revenue,
         currency, properties, page_url, referrer, client_time, warnings)
       SELECT :pixelId, :eventId, :receivedAt, :type, :conversionType,
         CAST(:revenue AS double precision), :currency,
         :properties, :pageUrl, :referrer, :clientTime, :warnings
       WHERE EXISTS (SELECT 1 FROM saved_pixels WHERE id = :pixelId)
       ON CONFLICT (pixel_id, event_id) DO NOTHING
       RETURNING event_id`,
      {
        pixelId: event.pixel_id,
        eventId: event.event_id,
        receivedAt: event.received_at,
        type: event.type,
        conversionType: event.conversion_type,
        revenue: event.revenue,
        currency: event.currency,
        properties: JSON.stringify(event.properties),
        pageUrl: event.page_url,
        referrer: event.referrer,
        clientTime: event.client_time,
        warnings: JSON.stringify(event.warnings),
      },
      manager,
    );
    return rows.length > 0;
  }
}
