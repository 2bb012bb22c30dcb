// A second floor for POST /collect: the durable floor's server
// (durable-floor.mjs: node:http, JSON.parse, group commit, 204 after the log's
// fsync) writing what the service's own batch transaction writes for the
// scenario's events, into a copy of the service's own database (its schema,
// its pixels and the events it has stored so far):
//   - one lookup of the batch's pixels (they may have been deleted meanwhile),
//   - the event row (its columns as the service fills them for these events;
//     a duplicate (pixel_id, event_id) is skipped), with its two indexes,
//   - its four §8 report rollups (hour, UTC day, and their currency totals),
//   - its pixel's event counter and last-event time (§6 status).
// The scenario's events carry no transaction_id or visitor_id, so the §7
// dedup and repeat rules write nothing in the service either. Left out: every
// check of the event (§6, §7), the pixel cache's lookups, security headers,
// request ids, logging, Fastify, and the retry of a refused batch event by
// event. One statement per row (better-sqlite3 runs a prepared statement in a
// few µs) where the service sends multi-row ones; with 2,000 pixels a batch's
// events are each a different pixel's, so the service merges nothing either.
// Not a strict bound either way: its checkpoints run inside its commits (the
// service runs them on a worker), and its copy is freshly VACUUMed (compact
// B-trees).
import Database from "better-sqlite3";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveDurableIngest } from "./durable-floor.mjs";
import { forkServer } from "./processes.mjs";

const SELF = fileURLToPath(import.meta.url);
const HOUR_MS = 3_600_000;
/** What the service stores for "no currency" and for an unknown rollup key. */
const NO_CURRENCY = "XXX";
const NULL_KEY = "";

/** INSERT … ON CONFLICT DO NOTHING into `table`, every column a named parameter. */
function insertEvery(db, table) {
  const columns = db
    .prepare(`PRAGMA table_info(${table})`)
    .all()
    .map((column) => column.name);
  return db.prepare(
    `INSERT INTO ${table} (${columns.join(", ")})
     VALUES (${columns.map((name) => `@${name}`).join(", ")}) ON CONFLICT DO NOTHING`,
  );
}

/**
 * An upsert adding one event's measures to one rollup table, with named
 * parameters: `period` is the hour or the day, the rest by column name.
 */
function rollupUpsert(db, table, period, keys) {
  const columns = ["pixel_id", period, ...keys, "currency"];
  const measures = ["events", "conversions", "revenue", "value"];
  const parameter = (name) => (name === period ? "@period" : `@${name}`);
  return db.prepare(
    `INSERT INTO ${table} (${[...columns, ...measures].join(", ")},
       post_click_conversions, post_view_conversions)
     VALUES (${[...columns, ...measures].map(parameter).join(", ")}, 0, 0)
     ON CONFLICT (${columns.join(", ")}) DO UPDATE SET
       ${measures.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(", ")}`,
  );
}

function serve(source, file) {
  // A consistent snapshot of the service's database (it is idle meanwhile).
  new Database(source, { readonly: true }).prepare("VACUUM INTO ?").run(file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const known = new Set(
    db
      .prepare("SELECT id FROM saved_pixels")
      .all()
      .map((row) => row.id),
  );
  const existing = db.prepare(
    "SELECT id FROM saved_pixels WHERE id IN (SELECT value FROM json_each(?))",
  );
  const insert = insertEvery(db, "pixel_events");
  const dims = ["campaign", "source", "touchpoint", "conversion_type"];
  const hours = rollupUpsert(db, "pixel_report_hours", "hour", dims);
  const days = rollupUpsert(db, "pixel_report_days", "day", dims);
  const hourTotals = rollupUpsert(db, "pixel_report_hour_totals", "hour", []);
  const dayTotals = rollupUpsert(db, "pixel_report_day_totals", "day", []);
  const counter = db.prepare(
    `UPDATE saved_pixels SET event_count = event_count + 1,
       last_event_at = CASE WHEN last_event_at IS NULL OR last_event_at < ?
                            THEN ? ELSE last_event_at END
     WHERE id = ?`,
  );
  const write = db.transaction((batch) => {
    const ids = [...new Set(batch.map(({ event }) => event.pixel_id))];
    const present = new Set(
      existing.all(JSON.stringify(ids)).map((row) => row.id),
    );
    for (const { event, received } of batch) {
      if (!present.has(event.pixel_id)) continue;
      const revenue = event.revenue == null ? null : Number(event.revenue);
      const stored = insert.run({
        pixel_id: event.pixel_id,
        event_id: event.event_id,
        received_at: received,
        type: event.type,
        conversion_type: event.conversion_type ?? null,
        revenue,
        currency: event.currency ?? null,
        properties: JSON.stringify(event.properties ?? {}),
        page_url: event.page_url ?? null,
        referrer: event.referrer ?? null,
        client_time: event.client_time ?? null,
        // The service's warning for a conversion without a visitor id (§7).
        warnings: event.type === "pageview" ? "[]" : '["no_visitor_id"]',
        counted: 1,
        not_counted_reason: null,
        transaction_id: null,
        visitor_id: null,
        source: "browser",
        attribution: null,
        value: revenue,
        test: 0,
      });
      if (stored.changes === 0) continue;
      const hour = Math.floor(Date.parse(received) / HOUR_MS);
      const measures = {
        pixel_id: event.pixel_id,
        campaign: NULL_KEY,
        source: NULL_KEY,
        touchpoint: NULL_KEY,
        conversion_type: event.conversion_type ?? NULL_KEY,
        currency: event.currency ?? NO_CURRENCY,
        events: 1,
        conversions: 1,
        revenue: revenue ?? 0,
        value: revenue ?? 0,
      };
      hours.run({ ...measures, period: hour });
      days.run({ ...measures, period: Math.floor(hour / 24) });
      hourTotals.run({ ...measures, period: hour });
      dayTotals.run({ ...measures, period: Math.floor(hour / 24) });
      counter.run(received, received, event.pixel_id);
    }
  });
  serveDurableIngest(file, write, (event) => known.has(event.pixel_id));
}

/**
 * Forks the rules floor on a copy of the service's SQLite file, made in `dir`.
 * @param {string} dir a folder of the bench's own (the copy is left there)
 * @param {string} source the service's database file (the service idle)
 * @returns see forkServer
 */
export function startRulesFloor(dir, source) {
  const file = join(dir, "rules-floor.sqlite");
  return forkServer(SELF, ["--child", source, file], "rules floor");
}

if (process.argv[1] === SELF && process.argv[2] === "--child")
  serve(process.argv[3], process.argv[4]);
