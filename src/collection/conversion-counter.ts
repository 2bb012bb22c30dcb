import { EntityManager } from "typeorm";
import { MultiRowStatement, Sql, SqlParameters } from "../database/sql";
import { NormalisedEvent, NotCountedReason } from "./collected-event";

/** Claims per INSERT statement (4 parameters each). */
const CLAIMS_PER_INSERT = 100;
const MINUTE_MS = 60_000;

/** An event that was stored but does not count, and why. */
export interface NotCounted {
  pixel_id: string;
  event_id: string;
  reason: NotCountedReason;
}

/**
 * Contract §7's counting rules, decided by the database inside the batch's
 * transaction, so that replicas on one database (and a restart) agree:
 * - a `(pixel, transaction_id)` counts once, forever: the first event claims it
 *   in `pixel_transactions`, whose primary key refuses a second claim (on
 *   PostgreSQL a concurrent claimant waits for the first to commit, then is
 *   refused); events are pruned, claims are not;
 * - `min_minutes_per_conv` per `(pixel, visitor_id)`: `pixel_visitors` keeps when
 *   the visitor last counted; `null` counts only when there is no row, `N` only
 *   when the row is at least N minutes older than the event (one conditional
 *   upsert decides), `0` counts all and keeps no state.
 * A claim whose event is then excluded by the repeat rule is given back, so an
 * order that never counted can still count later. Claims are taken in key order,
 * so two replicas' batches lock rows in the same order.
 */
export class ConversionCounter {
  private readonly insertClaims: MultiRowStatement;

  constructor(private readonly sql: Sql) {
    this.insertClaims = sql.multiRow({
      head: "INSERT INTO pixel_transactions (pixel_id, transaction_id, event_id, counted_at) VALUES",
      columns: 4,
      maxRows: CLAIMS_PER_INSERT,
      tail: `ON CONFLICT (pixel_id, transaction_id) DO NOTHING
         RETURNING pixel_id, event_id`,
    });
  }

  /**
   * Deletes the counting state (claimed transactions, visitors' last
   * conversions) of a pixel that was just deleted, in `manager`'s transaction.
   * Pixel ids are never reused, so this is housekeeping, not correctness.
   */
  async deleteAllOfDeletedPixel(
    pixelId: string,
    manager: EntityManager,
  ): Promise<void> {
    for (const table of ["pixel_transactions", "pixel_visitors"])
      await this.sql.affected(
        `DELETE FROM ${table} WHERE pixel_id = :pixelId`,
        { pixelId },
        manager,
      );
  }

  /**
   * Applies the rules to events just inserted (in arrival order) that were
   * provisionally counted; answers those that do not count. Run it inside the
   * batch's transaction and with only newly inserted events (a resent event_id
   * must not claim anything again).
   */
  async settle(
    events: NormalisedEvent[],
    manager: EntityManager,
  ): Promise<NotCounted[]> {
    const notCounted = new Map<NormalisedEvent, NotCountedReason>();
    const claimed = await this.claimTransactions(
      events.filter((event) => event.counted && event.transaction_id !== null),
      notCounted,
      manager,
    );
    const repeatCandidates = events
      .filter(
        (event) =>
          event.counted &&
          !notCounted.has(event) &&
          event.visitor_id !== null &&
          event.repeat_rule !== 0,
      )
      .map((event, order) => ({ event, order }))
      // Lock order by key; arrival order within one key.
      .sort(
        (a, b) =>
          compare(a.event.pixel_id, b.event.pixel_id) ||
          compare(a.event.visitor_id!, b.event.visitor_id!) ||
          a.order - b.order,
      );
    for (const { event } of repeatCandidates) {
      if (await this.countsForVisitor(event, manager)) continue;
      notCounted.set(event, "repeat_conversion");
      if (claimed.has(event)) await this.releaseClaim(event, manager);
    }
    return events
      .filter((event) => notCounted.has(event))
      .map((event) => ({
        pixel_id: event.pixel_id,
        event_id: event.event_id,
        reason: notCounted.get(event)!,
      }));
  }

  /** Marks duplicates in `notCounted`; answers the events whose claim was taken. */
  private async claimTransactions(
    events: NormalisedEvent[],
    notCounted: Map<NormalisedEvent, NotCountedReason>,
    manager: EntityManager,
  ): Promise<Set<NormalisedEvent>> {
    const firsts = new Map<string, NormalisedEvent>();
    for (const event of events) {
      const key = `${event.pixel_id}\u0000${event.transaction_id}`;
      if (firsts.has(key)) notCounted.set(event, "duplicate_transaction");
      else firsts.set(key, event);
    }
    const ordered = [...firsts.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([, event]) => event);
    const won = await this.sql.rowsOf<
      NormalisedEvent,
      { pixel_id: string; event_id: string }
    >(
      this.insertClaims,
      ordered,
      (event, values) =>
        values.push(
          event.pixel_id,
          event.transaction_id,
          event.event_id,
          event.received_at,
        ),
      manager,
    );
    const winners = new Set(
      won.map((row) => `${row.pixel_id}\u0000${row.event_id}`),
    );
    const claimed = new Set<NormalisedEvent>();
    for (const event of ordered) {
      if (winners.has(`${event.pixel_id}\u0000${event.event_id}`))
        claimed.add(event);
      else notCounted.set(event, "duplicate_transaction");
    }
    return claimed;
  }

  private async countsForVisitor(
    event: NormalisedEvent,
    manager: EntityManager,
  ): Promise<boolean> {
    const parameters: SqlParameters = {
      pixelId: event.pixel_id,
      visitorId: event.visitor_id,
      at: event.received_at,
    };
    if (event.repeat_rule === null) {
      const rows = await this.sql.rows(
        `INSERT INTO pixel_visitors (pixel_id, visitor_id, last_counted_at)
         VALUES (:pixelId, :visitorId, :at)
         ON CONFLICT (pixel_id, visitor_id) DO NOTHING
         RETURNING pixel_id`,
        parameters,
        manager,
      );
      return rows.length > 0;
    }
    parameters.threshold = new Date(
      Date.parse(event.received_at) - event.repeat_rule * MINUTE_MS,
    ).toISOString();
    const rows = await this.sql.rows(
      `INSERT INTO pixel_visitors (pixel_id, visitor_id, last_counted_at)
       VALUES (:pixelId, :visitorId, :at)
       ON CONFLICT (pixel_id, visitor_id) DO UPDATE SET last_counted_at = :at
       WHERE pixel_visitors.last_counted_at <= :threshold
       RETURNING pixel_id`,
      parameters,
      manager,
    );
    return rows.length > 0;
  }

  private async releaseClaim(
    event: NormalisedEvent,
    manager: EntityManager,
  ): Promise<void> {
    await this.sql.affected(
      `DELETE FROM pixel_transactions
        WHERE pixel_id = :pixelId AND transaction_id = :transactionId AND event_id = :eventId`,
      {
        pixelId: event.pixel_id,
        transactionId: event.transaction_id,
        eventId: event.event_id,
      },
      manager,
    );
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
