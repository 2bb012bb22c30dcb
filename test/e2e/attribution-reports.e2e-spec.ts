import { randomBytes } from "node:crypto";
import { Sql } from "../../src/database/sql";
import { expectError } from "../support/expect-error";
import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";

/**
 * Contract §8 over HTTP: touchpoints on every collection path, the impression
 * pixel's view cookie, attribution stored with the event, and reports read
 * from the rollups (exact sums in two currencies, every local day with zeros,
 * DST days in Europe/Berlin, pruned raw events, shared pixels, bad input).
 * Runs on SQLite and on PostgreSQL (TEST_DATABASE_URL).
 */

const eventId = () => `ev_${randomBytes(6).toString("hex")}`;
const HOUR_MS = 3_600_000;

interface Pixel {
  account: string;
  token: string;
  id: string;
}

describe("attribution and reports (§8)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function newPixel(
    overrides: Record<string, unknown> = {},
    account = t.account("attr"),
  ): Promise<Pixel> {
    const token = t.token(account);
    const created = await request(
      t.baseUrl,
      "POST",
      `/saved-pixels?account_id=${account}`,
      {
        token,
        json: pixelBody({
          post_click_expire_mins: 60,
          post_view_expire_mins: 30,
          post_click_value: 5,
          post_view_value: 2,
          ...overrides,
        }),
      },
    );
    expect(created.status).toBe(201);
    return { account, token, id: created.body.data.id as string };
  }

  const collect = (body: Record<string, unknown>, cookie?: string) =>
    request(t.baseUrl, "POST", "/collect", {
      raw: JSON.stringify(body),
      headers: {
        "content-type": "text/plain;charset=UTF-8",
        ...(cookie ? { cookie } : {}),
      },
    });

  const conversion = (pixel: Pixel, extra: Record<string, unknown> = {}) => ({
    pixel_id: pixel.id,
    type: "conversion",
    conversion_type: "purchase",
    event_id: eventId(),
    ...extra,
  });

  async function events(pixel: Pixel) {
    const response = await request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${pixel.id}/events?account_id=${pixel.account}`,
      { token: pixel.token },
    );
    expect(response.status).toBe(200);
    return response.body.data as Array<Record<string, any>>;
  }

  async function eventById(pixel: Pixel, id: string) {
    const found = (await events(pixel)).find((e) => e.event_id === id);
    expect(found).toBeDefined();
    return found!;
  }

  const report = (pixel: Pixel, query: string) =>
    request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${pixel.id}/report?account_id=${pixel.account}${query}`,
      { token: pixel.token },
    );

  describe("touchpoints and attribution at collection", () => {
    it("credits an in-window click over a view, with the post-click value", async () => {
      const pixel = await newPixel();
      const body = conversion(pixel, {
        touchpoint: {
          type: "click",
          campaign: "spring",
          source: "google",
          medium: "cpc",
          click_id_type: "gclid",
          age_s: 120,
        },
      });
      expect((await collect(body)).status).toBe(204);
      const event = await eventById(pixel, body.event_id);
      expect(event.attribution).toMatchObject({
        touchpoint: "click",
        campaign: "spring",
        source: "google",
        medium: "cpc",
      });
      const touched = Date.parse(event.attribution.touched_at);
      expect(Date.parse(event.received_at) - touched).toBe(120_000);
      expect(event.value).toBe(5);
      expect(event.warnings).not.toContainEqual(
        expect.stringMatching(/touchpoint/),
      );
    });

    it("keeps the revenue as value; an out-of-window click is not credited", async () => {
      const pixel = await newPixel();
      const late = conversion(pixel, {
        revenue: 30,
        currency: "EUR",
        touchpoint: { type: "click", campaign: "old", age_s: 3601 },
      });
      await collect(late);
      expect(await eventById(pixel, late.event_id)).toMatchObject({
        attribution: null,
        value: 30,
      });
    });

    it("never attributes a pageview", async () => {
      // Pageviews have no §7 attribution fields (undefined is left out of the JSON).
      const pixel = await newPixel({
        config: { type: "pageview" },
        post_click_expire_mins: undefined,
        post_view_expire_mins: undefined,
        post_click_value: undefined,
        post_view_value: undefined,
      });
      const body = {
        pixel_id: pixel.id,
        type: "pageview",
        event_id: eventId(),
        touchpoint: { type: "click", campaign: "c", age_s: 1 },
      };
      await collect(body);
      expect(await eventById(pixel, body.event_id)).toMatchObject({
        attribution: null,
        value: null,
      });
    });

    it.each([
      ["a negative age", { type: "click", campaign: "c", age_s: -5 }],
      ["a huge age", { type: "click", campaign: "c", age_s: 1e12 }],
      [
        "a non-string campaign",
        { type: "click", campaign: { x: 1 }, age_s: 1 },
      ],
      [
        "a 10 KB source",
        { type: "view", source: "s".repeat(10_240), age_s: 1 },
      ],
      ["an array", [1, 2]],
    ])("drops %s with a warning, never a 5xx", async (_, touchpoint) => {
      const pixel = await newPixel();
      const body = conversion(pixel, { touchpoint });
      expect((await collect(body)).status).toBe(204);
      const event = await eventById(pixel, body.event_id);
      expect(event.attribution).toBeNull();
      expect(event.warnings).toContainEqual(
        expect.stringMatching(/^touchpoint .*; dropped$/),
      );
    });

    it("reads tp.* query parameters on /collect.gif", async () => {
      const pixel = await newPixel({ trigger_type: "view" });
      const id = eventId();
      const gif = await request(
        t.baseUrl,
        "GET",
        `/collect.gif?pixel_id=${pixel.id}&type=conversion&event_id=${id}&tp.type=view&tp.campaign=banner&tp.source=dsp&tp.age_s=600`,
      );
      expect(gif.status).toBe(200);
      expect(await eventById(pixel, id)).toMatchObject({
        attribution: { touchpoint: "view", campaign: "banner", source: "dsp" },
        value: 2,
      });
    });

    it("accepts touchpoints on POST /events, dropping a malformed one with a warning", async () => {
      const pixel = await newPixel({ trigger_type: "click" });
      const key = await request(
        t.baseUrl,
        "POST",
        `/ingest-keys?account_id=${pixel.account}`,
        { token: pixel.token, json: { name: "server" } },
      );
      expect(key.status).toBe(201);
      const good = conversion(pixel, {
        touchpoint: { type: "click", campaign: "crm", age_s: 60 },
      });
      const bad = conversion(pixel, {
        touchpoint: { type: "click", campaign: 7, age_s: 60 },
      });
      const sent = await request(t.baseUrl, "POST", "/events", {
        token: key.body.data.key,
        json: { events: [good, bad] },
      });
      expect(sent.status).toBe(200);
      expect(sent.body.data.accepted).toBe(2);
      expect(await eventById(pixel, good.event_id)).toMatchObject({
        attribution: { touchpoint: "click", campaign: "crm" },
        value: 5,
      });
      const dropped = await eventById(pixel, bad.event_id);
      expect(dropped.attribution).toBeNull();
      expect(dropped.warnings).toContainEqual(
        expect.stringMatching(/^touchpoint campaign is not text; dropped$/),
      );
    });
  });

  describe("the impression pixel /v.gif", () => {
    async function view(query: string, cookie?: string) {
      const response = await request(t.baseUrl, "GET", `/v.gif?${query}`, {
        headers: cookie ? { cookie } : {},
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/gif");
      return response.headers.get("set-cookie");
    }

    const cookieOf = (setCookie: string | null) => setCookie!.split(";")[0];

    it("sets a signed SameSite=None; Secure 30-day cookie that /collect reads", async () => {
      const pixel = await newPixel();
      const setCookie = await view(
        `account_id=${pixel.account}&campaign=summer_banner&source=dsp1`,
      );
      expect(setCookie).toMatch(/^spx_views=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/);
      expect(setCookie).toContain("Max-Age=2592000");
      expect(setCookie).toContain("SameSite=None");
      expect(setCookie).toContain("Secure");
      const body = conversion(pixel);
      await collect(body, cookieOf(setCookie));
      const event = await eventById(pixel, body.event_id);
      expect(event.attribution).toMatchObject({
        touchpoint: "view",
        campaign: "summer_banner",
        source: "dsp1",
      });
      expect(event.value).toBe(2);
      // A click in the payload still wins over the cookie's view (hybrid).
      const clicked = conversion(pixel, {
        touchpoint: { type: "click", campaign: "search", age_s: 5 },
      });
      await collect(clicked, cookieOf(setCookie));
      expect(
        (await eventById(pixel, clicked.event_id)).attribution,
      ).toMatchObject({ touchpoint: "click", campaign: "search" });
    });

    it("keeps one view per account and ignores other accounts' and forged cookies", async () => {
      const pixel = await newPixel();
      const other = t.account("other");
      let cookie = cookieOf(
        await view(`account_id=${pixel.account}&campaign=mine`),
      );
      cookie = cookieOf(
        await view(`account_id=${other}&campaign=theirs`, cookie),
      );
      const body = conversion(pixel);
      await collect(body, cookie);
      expect((await eventById(pixel, body.event_id)).attribution).toMatchObject(
        { touchpoint: "view", campaign: "mine" },
      );
      const onlyOther = cookieOf(await view(`account_id=${other}&campaign=x`));
      const forged = cookie.replace(
        /\.[A-Za-z0-9_-]+$/,
        ".AAAAAAAAAAAAAAAAAAAAAA",
      );
      for (const jar of [onlyOther, forged, "spx_views=garbage"]) {
        const plain = conversion(pixel);
        await collect(plain, jar);
        expect((await eventById(pixel, plain.event_id)).attribution).toBeNull();
      }
    });

    it("answers the GIF without a cookie for a malformed query", async () => {
      expect(await view("campaign=x")).toBeNull();
      expect(await view(`account_id=a&campaign=${"c".repeat(101)}`)).toBeNull();
      expect(await view("account_id=a")).toBeNull();
    });
  });

  describe("reports", () => {
    it("sums counted events per currency and key, exactly, and keeps counting after pruning", async () => {
      const pixel = await newPixel({
        config: { type: "conversion", conversion_type: "purchase" },
      });
      const click = (campaign: string, source = "google") => ({
        type: "click",
        campaign,
        source,
        age_s: 10,
      });
      const sent = [
        conversion(pixel, {
          revenue: 19.99,
          currency: "EUR",
          touchpoint: click("spring"),
        }),
        conversion(pixel, {
          revenue: 19.99,
          currency: "EUR",
          touchpoint: click("spring", "bing"),
        }),
        conversion(pixel, {
          revenue: 10.5,
          currency: "USD",
          touchpoint: click("autumn"),
        }),
        // No revenue: the post-click value (5), under XXX.
        conversion(pixel, { touchpoint: click("autumn") }),
        // A view (post-view value 2), another conversion type.
        conversion(pixel, {
          conversion_type: "signup",
          touchpoint: { type: "view", campaign: "banner", age_s: 5 },
        }),
        // Not attributed, 7 USD.
        conversion(pixel, { revenue: 7, currency: "USD" }),
        // Counted once: the second is a duplicate transaction (events, not conversions).
        conversion(pixel, {
          revenue: 100,
          currency: "EUR",
          transaction_id: "T-1",
        }),
        conversion(pixel, {
          revenue: 100,
          currency: "EUR",
          transaction_id: "T-1",
        }),
      ];
      for (const body of sent) expect((await collect(body)).status).toBe(204);

      const byDay = await report(pixel, "");
      expect(byDay.status).toBe(200);
      const data = byDay.body.data;
      expect(data.group_by).toBe("day");
      expect(data.tz).toBe("UTC");
      expect(data.rows).toHaveLength(30);
      const today = new Date().toISOString().slice(0, 10);
      expect(data.to).toBe(today);
      const totals = {
        events: 8,
        conversions: 7,
        post_click_conversions: 4,
        post_view_conversions: 1,
        revenue: { EUR: 139.98, USD: 17.5, XXX: 0 },
        value: { EUR: 139.98, USD: 17.5, XXX: 7 },
      };
      expect(data.totals).toEqual(totals);
      expect(data.rows.at(-1)).toEqual({ key: today, ...totals });
      expect(data.rows[0]).toEqual({
        key: data.from,
        events: 0,
        conversions: 0,
        post_click_conversions: 0,
        post_view_conversions: 0,
        revenue: {},
        value: {},
      });

      // The same events by local day in zones east and west of UTC (and one a
      // half hour off): local days read UTC day totals plus edge hours, and
      // must come out exactly the same.
      for (const tz of ["Asia/Tokyo", "America/Los_Angeles", "Asia/Kolkata"]) {
        const zoned = (await report(pixel, `&tz=${tz}`)).body.data;
        expect(zoned.totals).toEqual(totals);
        expect(zoned.rows).toHaveLength(30);
        expect(
          zoned.rows
            .filter((row: any) => row.events > 0)
            .map((row: any) => row.key),
        ).toEqual([
          new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(new Date()),
        ]);
      }

      const byCampaign = (await report(pixel, "&group_by=campaign")).body.data;
      expect(
        byCampaign.rows.map((row: any) => [row.key, row.conversions]),
      ).toEqual([
        [null, 2], // 7 USD and the first T-1 (3 events)
        ["autumn", 2],
        ["spring", 2],
        ["banner", 1],
      ]);
      expect(byCampaign.rows[2]).toMatchObject({
        revenue: { EUR: 39.98 },
        value: { EUR: 39.98 },
      });
      expect(byCampaign.totals).toEqual(totals);

      const byTouchpoint = (await report(pixel, "&group_by=touchpoint")).body
        .data;
      expect(
        byTouchpoint.rows.map((row: any) => [row.key, row.conversions]),
      ).toEqual([
        ["click", 4],
        [null, 2],
        ["view", 1],
      ]);
      const bySource = (await report(pixel, "&group_by=source")).body.data;
      expect(bySource.rows.map((row: any) => [row.key, row.events])).toEqual([
        [null, 4], // 3 conversions, as google, and more events
        ["google", 3],
        ["bing", 1],
      ]);
      const byType = (await report(pixel, "&group_by=conversion_type")).body
        .data;
      expect(byType.rows.map((row: any) => [row.key, row.conversions])).toEqual(
        [
          ["purchase", 6],
          ["signup", 1],
        ],
      );

      // Raw events pruned: the report still counts them.
      await t.app
        .get(Sql)
        .affected("DELETE FROM pixel_events WHERE pixel_id = :id", {
          id: pixel.id,
        });
      expect((await report(pixel, "")).body.data.totals).toEqual(totals);
    });

    it("lists every Berlin day around both DST changes, 23 and 25 hours long", async () => {
      const pixel = await newPixel();
      const sql = t.app.get(Sql);
      // One counted EUR conversion of 1.00 in every UTC hour from Mar 28 to Mar 31
      // and from Oct 24 to Oct 27, 2026 (Berlin changes on Mar 29 and Oct 25).
      // Written into the hourly rollups (keyed, and per currency) and the daily
      // totals, as the collector does.
      const seed = async (fromIso: string, hours: number) => {
        const first = Date.parse(fromIso) / HOUR_MS;
        for (let hour = first; hour < first + hours; hour++) {
          await sql.affected(
            `INSERT INTO pixel_report_hours (pixel_id, hour, campaign, source, touchpoint,
               conversion_type, currency, events, conversions, post_click_conversions,
               post_view_conversions, revenue, value)
             VALUES (:id, :hour, '', '', '', 'purchase', 'EUR', 1, 1, 0, 0, 1, 1)`,
            { id: pixel.id, hour },
          );
          await sql.affected(
            `INSERT INTO pixel_report_hour_totals (pixel_id, hour, currency, events,
               conversions, post_click_conversions, post_view_conversions, revenue, value)
             VALUES (:id, :hour, 'EUR', 1, 1, 0, 0, 1, 1)`,
            { id: pixel.id, hour },
          );
          await sql.affected(
            `INSERT INTO pixel_report_day_totals (pixel_id, day, currency, events,
               conversions, post_click_conversions, post_view_conversions, revenue, value)
             VALUES (:id, :day, 'EUR', 1, 1, 0, 0, 1, 1)
             ON CONFLICT (pixel_id, day, currency) DO UPDATE SET
               events = pixel_report_day_totals.events + 1,
               conversions = pixel_report_day_totals.conversions + 1,
               revenue = pixel_report_day_totals.revenue + 1,
               value = pixel_report_day_totals.value + 1`,
            { id: pixel.id, day: Math.floor(hour / 24) },
          );
        }
      };
      await seed("2026-03-27T00:00:00Z", 4 * 24);
      await seed("2026-10-23T00:00:00Z", 5 * 24);
      const spring = (
        await report(pixel, "&from=2026-03-28&to=2026-03-30&tz=Europe/Berlin")
      ).body.data;
      expect(spring.rows.map((row: any) => [row.key, row.events])).toEqual([
        ["2026-03-28", 24],
        ["2026-03-29", 23],
        ["2026-03-30", 24],
      ]);
      expect(spring.totals.revenue).toEqual({ EUR: 71 });
      const autumn = (
        await report(pixel, "&from=2026-10-24&to=2026-10-26&tz=Europe/Berlin")
      ).body.data;
      expect(autumn.rows.map((row: any) => [row.key, row.conversions])).toEqual(
        [
          ["2026-10-24", 24],
          ["2026-10-25", 25],
          ["2026-10-26", 24],
        ],
      );
      // The same hours in UTC are three 24-hour days.
      const utc = (await report(pixel, "&from=2026-10-24&to=2026-10-26")).body
        .data;
      expect(utc.rows.map((row: any) => row.events)).toEqual([24, 24, 24]);
    });

    it("reports the account's pixels and those shared with it; others see 404", async () => {
      const owner = await newPixel();
      const reader = t.account("reader");
      const readerToken = t.token(reader, "viewer");
      const shared = await request(
        t.baseUrl,
        "POST",
        `/saved-pixels/${owner.id}/accounts?account_id=${owner.account}`,
        { token: owner.token, json: { account_id: reader } },
      );
      expect(shared.status).toBe(201);
      const mine = await newPixel({}, reader);
      await collect(conversion(owner, { revenue: 3, currency: "EUR" }));
      await collect(conversion(owner, { revenue: 4, currency: "EUR" }));
      await collect(conversion(mine, { revenue: 2, currency: "USD" }));

      const viaShare = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/${owner.id}/report?account_id=${reader}`,
        { token: readerToken },
      );
      expect(viaShare.status).toBe(200);
      expect(viaShare.body.data.totals.revenue).toEqual({ EUR: 7 });

      const account = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/report?account_id=${reader}&group_by=pixel`,
        { token: readerToken },
      );
      expect(account.status).toBe(200);
      expect(
        account.body.data.rows.map((row: any) => [row.key, row.conversions]),
      ).toEqual([
        [owner.id, 2],
        [mine.id, 1],
      ]);
      expect(account.body.data.totals.revenue).toEqual({ EUR: 7, USD: 2 });
      const byDay = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/report?account_id=${reader}&from=2026-01-01&to=2026-01-03&tz=America/New_York`,
        { token: readerToken },
      );
      expect(byDay.body.data.rows.map((row: any) => row.key)).toEqual([
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
      ]);

      const stranger = t.account("stranger");
      const hidden = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/${owner.id}/report?account_id=${stranger}`,
        { token: t.token(stranger) },
      );
      expectError(hidden, 404, "NOT_FOUND");
    });

    it.each([
      ["&from=2026-03-02&to=2026-03-01", ["from"]],
      ["&from=2025-01-01&to=2026-02-05", ["from"]],
      ["&from=2026-02-30", ["from"]],
      ["&to=yesterday", ["to"]],
      ["&tz=Mars%2FOlympus", ["tz"]],
      ["&group_by=week", ["group_by"]],
      ["&group_by=pixel", ["group_by"]],
      ["&tz=UTC&tz=Europe%2FBerlin", ["tz"]],
      ["&from[]=2026-03-01", ["from"]],
      [
        "&group_by=day&group_by=campaign&to=2026-03-02&to=2026-03-03",
        ["group_by", "to"],
      ],
    ])("answers 400 naming the parameter for %s", async (query, fields) => {
      const pixel = await newPixel();
      const response = await report(pixel, query);
      expectError(response, 400, "VALIDATION_FAILED", fields);
      expect(response.body.error.details.map((d: any) => d.field)).toEqual(
        fields,
      );
    });

    it("refuses group_by=campaign on the account report", async () => {
      const account = t.account("acct");
      const response = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/report?account_id=${account}&group_by=campaign`,
        { token: t.token(account) },
      );
      expectError(response, 400, "VALIDATION_FAILED", ["group_by"]);
    });
  });
});
