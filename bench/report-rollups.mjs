// The report scenario's data (issue #11): one pixel with ten million events
// over 400 days, written straight into the rollup table the service reads
// (`pixel_report_hours`, then the daily and per-currency rollups derived from
// it exactly as the collector keeps them), since ten million events through
// the API would take hours. Shape: every UTC hour of 401 days × 4 campaigns
// (one of them "none") × 3 currencies (EUR, USD, XXX), 87 events each.
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";

export const REPORT_DAYS = 400;
const CAMPAIGNS = ["spring", "autumn", "brand", ""];
const CURRENCIES = ["EUR", "USD", "XXX"];
const EVENTS_PER_ROW = 87;
export const REPORT_EVENTS =
  REPORT_DAYS * 24 * CAMPAIGNS.length * CURRENCIES.length * EVENTS_PER_ROW;

const pixelId = () => `pix_${randomBytes(8).toString("hex")}`;

/** The first and last report days: the 400 days ending yesterday (UTC). */
export function reportRange() {
  const to = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - (REPORT_DAYS - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return { from, to };
}

function firstHour() {
  const { from } = reportRange();
  // A day early, so a zone east of UTC finds its first local day full.
  return Math.floor(Date.parse(from) / 3_600_000) - 24;
}

const PIXEL_SQL = `INSERT INTO saved_pixels (id, account_id, name, name_key,
  description, config, pixel_type, conversion_type, target_platform, created_by,
  version, created_at, updated_at, last_event_at, event_count)
  VALUES ($1, $2, 'Report bench', 'report bench', NULL,
  '{"type":"conversion","conversion_type":"purchase"}', 'conversion', 'purchase',
  'javascript', '1', 1, $3, $3, NULL, ${REPORT_EVENTS})`;

/** The daily, per-hour-currency and per-day-currency rollups, from the hourly one (either database). */
const DERIVED = [
  `INSERT INTO pixel_report_days (pixel_id, day, campaign, source, touchpoint,
     conversion_type, currency, events, conversions, post_click_conversions,
     post_view_conversions, revenue, value)
   SELECT pixel_id, hour / 24, campaign, source, touchpoint, conversion_type, currency,
     SUM(events), SUM(conversions), SUM(post_click_conversions),
     SUM(post_view_conversions), SUM(revenue), SUM(value)
   FROM pixel_report_hours WHERE pixel_id = $1
   GROUP BY pixel_id, hour / 24, campaign, source, touchpoint, conversion_type, currency`,
  `INSERT INTO pixel_report_hour_totals (pixel_id, hour, currency, events,
     conversions, post_click_conversions, post_view_conversions, revenue, value)
   SELECT pixel_id, hour, currency, SUM(events), SUM(conversions),
     SUM(post_click_conversions), SUM(post_view_conversions), SUM(revenue), SUM(value)
   FROM pixel_report_hours WHERE pixel_id = $1 GROUP BY pixel_id, hour, currency`,
  `INSERT INTO pixel_report_day_totals (pixel_id, day, currency, events,
     conversions, post_click_conversions, post_view_conversions, revenue, value)
   SELECT pixel_id, hour / 24, currency, SUM(events), SUM(conversions),
     SUM(post_click_conversions), SUM(post_view_conversions), SUM(revenue), SUM(value)
   FROM pixel_report_hours WHERE pixel_id = $1 GROUP BY pixel_id, hour / 24, currency`,
];

/** One pixel and its rollups in a migrated SQLite file; answers the pixel id. */
export function seedReportSqlite({ file, account }) {
  const db = new Database(file);
  try {
    const id = pixelId();
    const now = new Date().toISOString();
    const insert = db.prepare(`INSERT INTO pixel_report_hours (pixel_id, hour,
      campaign, source, touchpoint, conversion_type, currency, events, conversions,
      post_click_conversions, post_view_conversions, revenue, value)
      VALUES (?, ?, ?, '', ?, 'purchase', ?, ?, ?, ?, 0, ?, ?)`);
    db.transaction(() => {
      db.prepare(PIXEL_SQL.replace(/\$\d/g, "?")).run(id, account, now, now);
      const start = firstHour();
      for (let hour = start; hour < start + (REPORT_DAYS + 1) * 24; hour++)
        for (const campaign of CAMPAIGNS)
          for (const currency of CURRENCIES)
            insert.run(
              id,
              hour,
              campaign,
              campaign ? "click" : "",
              currency,
              EVENTS_PER_ROW,
              40,
              campaign ? 40 : 0,
              1999.6,
              2100.5,
            );
      for (const sql of DERIVED) db.prepare(sql.replace("$1", "?")).run(id);
    })();
    db.exec("ANALYZE");
    return id;
  } finally {
    db.close();
  }
}

/** The same on PostgreSQL, in one statement (generate_series); answers the pixel id. */
export async function seedReportPostgres({ url, account }) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const id = pixelId();
    await client.query(PIXEL_SQL, [id, account, new Date().toISOString()]);
    const start = firstHour();
    await client.query(
      `INSERT INTO pixel_report_hours (pixel_id, hour, campaign, source, touchpoint,
         conversion_type, currency, events, conversions, post_click_conversions,
         post_view_conversions, revenue, value)
       SELECT $1, h, c, '', CASE WHEN c = '' THEN '' ELSE 'click' END, 'purchase', cur,
              $2, 40, CASE WHEN c = '' THEN 0 ELSE 40 END, 0, 1999.6, 2100.5
         FROM generate_series($3::int, $4::int) AS h,
              unnest($5::text[]) AS c, unnest($6::text[]) AS cur`,
      [
        id,
        EVENTS_PER_ROW,
        start,
        start + (REPORT_DAYS + 1) * 24 - 1,
        CAMPAIGNS,
        CURRENCIES,
      ],
    );
    for (const sql of DERIVED) await client.query(sql, [id]);
    await client.query(
      "ANALYZE pixel_report_hours; ANALYZE pixel_report_days; ANALYZE pixel_report_hour_totals; ANALYZE pixel_report_day_totals",
    );
    return id;
  } finally {
    await client.end();
  }
}

/** Removes what seedReportPostgres wrote. */
export async function deleteReportPostgres({ url, id }) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of [
      "pixel_report_hours",
      "pixel_report_days",
      "pixel_report_hour_totals",
      "pixel_report_day_totals",
    ])
      await client.query(`DELETE FROM ${table} WHERE pixel_id = $1`, [id]);
    await client.query("DELETE FROM saved_pixels WHERE id = $1", [id]);
  } finally {
    await client.end();
  }
}
