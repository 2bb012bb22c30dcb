import { AddReportDayTotals1732409700000 } from "../../src/database/migrations/1732409700000-add-report-day-totals";
import { Sql } from "../../src/database/sql";
import { databaseBefore, DatabaseBefore } from "../support/database-before";
import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";

const HOUR_MS = 3_600_000;
const OLD_ID = "pix_legacyrollup1";

/**
 * Upgrading a database whose rollups already hold data: the day-totals
 * migration fills `pixel_report_day_totals` from the hourly totals, so reports
 * by local day (which now read it) answer what they answered before. Runs on a
 * fresh SQLite file, or a fresh schema of TEST_DATABASE_URL's PostgreSQL.
 */
describe("report day-totals migration on a database with rollups", () => {
  let database: DatabaseBefore;
  let t: TestApp | undefined;

  beforeAll(async () => {
    database = await databaseBefore(AddReportDayTotals1732409700000, "days");
    const { old } = database;
    const p = database.placeholder;
    // Hours around Berlin's midnights (UTC+1 in January), two currencies.
    for (const [at, currency, events, revenue] of [
      ["2026-01-14T22:00:00Z", "EUR", 2, 19.99], // 14 January in Berlin
      ["2026-01-14T23:00:00Z", "EUR", 3, 10.01], // 15 January
      ["2026-01-14T23:00:00Z", "USD", 1, 7.5], // 15 January
      ["2026-01-15T12:00:00Z", "EUR", 4, 0.1], // 15 January
      ["2026-01-15T23:00:00Z", "USD", 5, 2.25], // 16 January
    ] as const)
      await old.query(
        `INSERT INTO pixel_report_hour_totals (pixel_id, hour, currency, events,
           conversions, post_click_conversions, post_view_conversions, revenue, value)
         VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(", ")})`,
        [
          OLD_ID,
          Date.parse(at) / HOUR_MS,
          currency,
          events,
          events,
          0,
          0,
          revenue,
          revenue,
        ],
      );
    await old.destroy();
    t = await startTestApp({ DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it("reports the old hours by local day exactly as they were collected", async () => {
    const account = t!.account("legacy");
    const token = t!.token(account);
    const created = await request(
      t!.baseUrl,
      "POST",
      `/saved-pixels?account_id=${account}`,
      { token, json: pixelBody() },
    );
    expect(created.status).toBe(201);
    const id: string = created.body.data.id;
    // The old rollups become this pixel's (rollups have no foreign key).
    const sql = t!.app.get(Sql);
    for (const table of ["pixel_report_hour_totals", "pixel_report_day_totals"])
      await sql.affected(
        `UPDATE ${table} SET pixel_id = :id WHERE pixel_id = :old`,
        { id, old: OLD_ID },
      );
    const report = async (tz: string) => {
      const response = await request(
        t!.baseUrl,
        "GET",
        `/saved-pixels/${id}/report?account_id=${account}&from=2026-01-14&to=2026-01-16&tz=${tz}`,
        { token },
      );
      expect(response.status).toBe(200);
      return response.body.data.rows.map((row: any) => [
        row.key,
        row.events,
        row.revenue,
      ]);
    };
    expect(await report("Europe/Berlin")).toEqual([
      ["2026-01-14", 2, { EUR: 19.99 }],
      ["2026-01-15", 8, { EUR: 10.11, USD: 7.5 }],
      ["2026-01-16", 5, { USD: 2.25 }],
    ]);
    expect(await report("UTC")).toEqual([
      ["2026-01-14", 6, { EUR: 30, USD: 7.5 }],
      ["2026-01-15", 9, { EUR: 0.1, USD: 2.25 }],
      ["2026-01-16", 0, {}],
    ]);
  });
});
