import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataSource } from "typeorm";
import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";

/**
 * Contract §7 at collection: every stored event says whether it counted and why
 * not; a (pixel, transaction_id) counts once, forever; min_minutes_per_conv per
 * (pixel, visitor_id); inactive pixels; `/collect.gif`'s 302 to the first `img`
 * piggyback. The counting state is in the database, so it holds across a
 * restart and between two service instances on one database. Runs on SQLite and
 * on PostgreSQL (TEST_DATABASE_URL).
 */

const eventId = () => `ev_${randomBytes(6).toString("hex")}`;
const visitorId = () => `v_${randomBytes(12).toString("hex")}`;

interface Pixel {
  account: string;
  token: string;
  id: string;
}

describe("conversion counting (§7)", () => {
  const dir = mkdtempSync(join(tmpdir(), "spx-counting-"));
  // Both instances (and the restarted one) use this one database.
  const DATABASE_URL =
    process.env.TEST_DATABASE_URL || `sqlite:${join(dir, "shared.sqlite")}`;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ DATABASE_URL });
    b = await startTestApp({ DATABASE_URL });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function newPixel(
    overrides: Record<string, unknown> = {},
  ): Promise<Pixel> {
    const account = a.account("count");
    const token = a.token(account);
    const created = await request(
      a.baseUrl,
      "POST",
      `/saved-pixels?account_id=${account}`,
      { token, json: pixelBody(overrides) },
    );
    expect(created.status).toBe(201);
    return { account, token, id: created.body.data.id as string };
  }

  const collect = (app: TestApp, body: Record<string, unknown>) =>
    request(app.baseUrl, "POST", "/collect", {
      raw: JSON.stringify(body),
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });

  const conversion = (pixel: Pixel, extra: Record<string, unknown> = {}) => ({
    pixel_id: pixel.id,
    type: "conversion",
    conversion_type: "purchase",
    event_id: eventId(),
    ...extra,
  });

  /** The pixel's events, oldest first (both instances flushed first). */
  async function events(pixel: Pixel, app: TestApp = a) {
    for (const instance of [a, b]) {
      await request(
        instance.baseUrl,
        "GET",
        `/saved-pixels/${pixel.id}/events?account_id=${pixel.account}`,
        { token: pixel.token },
      );
    }
    const response = await request(
      app.baseUrl,
      "GET",
      `/saved-pixels/${pixel.id}/events?account_id=${pixel.account}`,
      { token: pixel.token },
    );
    expect(response.status).toBe(200);
    return (response.body.data as Record<string, any>[]).slice().reverse();
  }

  const byEventId = (list: Record<string, any>[]) =>
    new Map(list.map((event) => [event.event_id as string, event]));

  async function sql(query: string, parameters: Record<string, unknown>) {
    const dataSource = a.app.get(DataSource);
    const [text, values] = dataSource.driver.escapeQueryWithParameters(
      query,
      parameters,
    );
    return dataSource.query(text, values);
  }

  it("stores counted, not_counted_reason, transaction_id, visitor_id and source on every event", async () => {
    const pixel = await newPixel();
    const visitor = visitorId();
    const sent = conversion(pixel, {
      transaction_id: "ORDER-1",
      visitor_id: visitor,
    });
    expect((await collect(a, sent)).status).toBe(204);
    const [event] = await events(pixel);
    expect(event).toMatchObject({
      event_id: sent.event_id,
      counted: true,
      not_counted_reason: null,
      transaction_id: "ORDER-1",
      visitor_id: visitor,
      source: "browser",
      warnings: [],
    });
  });

  it("counts a transaction once, whichever instance and path it arrives by; numbers are stringified", async () => {
    const pixel = await newPixel();
    const first = conversion(pixel, {
      transaction_id: 1001,
      visitor_id: visitorId(),
    });
    await collect(a, first);
    await events(pixel);
    const again = [
      conversion(pixel, { transaction_id: "1001", visitor_id: visitorId() }),
      conversion(pixel, { transaction_id: " 1001 " }),
    ];
    await collect(b, again[0]);
    await collect(a, again[1]);
    const gif = await fetch(
      `${b.baseUrl}/collect.gif?pixel_id=${pixel.id}&type=conversion&event_id=gifevent01&transaction_id=1001`,
      { redirect: "manual" },
    );
    expect(gif.status).toBe(200);
    const stored = byEventId(await events(pixel));
    expect(stored.get(first.event_id)).toMatchObject({
      counted: true,
      transaction_id: "1001",
    });
    for (const id of [again[0].event_id, again[1].event_id, "gifevent01"])
      expect(stored.get(id)).toMatchObject({
        counted: false,
        not_counted_reason: "duplicate_transaction",
        transaction_id: "1001",
      });
    expect(stored.get("gifevent01")!.source).toBe("image");
  });

  it("counts a transaction sent to two instances at once exactly once", async () => {
    const pixel = await newPixel();
    const sent = Array.from({ length: 20 }, () =>
      conversion(pixel, { transaction_id: "RACE-1", visitor_id: visitorId() }),
    );
    await Promise.all(
      sent.map((event, i) => collect(i % 2 === 0 ? a : b, event)),
    );
    const stored = await events(pixel);
    expect(stored).toHaveLength(20);
    expect(stored.filter((event) => event.counted)).toHaveLength(1);
    expect(
      stored.filter(
        (event) => event.not_counted_reason === "duplicate_transaction",
      ),
    ).toHaveLength(19);
  });

  it("a resent event_id is stored once and does not count against itself", async () => {
    const pixel = await newPixel({
      config: { type: "conversion", conversion_type: "signup" },
    });
    const sent = conversion(pixel, {
      transaction_id: "T-RESEND",
      visitor_id: visitorId(),
    });
    await collect(a, sent);
    await events(pixel);
    await collect(b, sent);
    const stored = await events(pixel);
    expect(stored).toHaveLength(1);
    expect(stored[0].counted).toBe(true);
  });

  it("min_minutes_per_conv null: one per visitor, across instances; other visitors count", async () => {
    const pixel = await newPixel({
      config: { type: "conversion", conversion_type: "signup" },
    });
    const visitor = visitorId();
    const first = conversion(pixel, { visitor_id: visitor });
    await collect(a, first);
    await events(pixel);
    const repeat = conversion(pixel, { visitor_id: visitor });
    const other = conversion(pixel, { visitor_id: visitorId() });
    await collect(b, repeat);
    await collect(b, other);
    const stored = byEventId(await events(pixel));
    expect(stored.get(first.event_id)!.counted).toBe(true);
    expect(stored.get(repeat.event_id)).toMatchObject({
      counted: false,
      not_counted_reason: "repeat_conversion",
    });
    expect(stored.get(other.event_id)!.counted).toBe(true);
  });

  it("min_minutes_per_conv 0 counts all; N counts again once N minutes have passed", async () => {
    const all = await newPixel();
    const visitor = visitorId();
    for (let i = 0; i < 3; i++)
      await collect(a, conversion(all, { visitor_id: visitor }));
    expect((await events(all)).every((event) => event.counted)).toBe(true);

    const every = await newPixel({ min_minutes_per_conv: 30 });
    await collect(a, conversion(every, { visitor_id: visitor }));
    await events(every);
    await collect(b, conversion(every, { visitor_id: visitor }));
    let stored = await events(every);
    expect(stored.map((event) => event.not_counted_reason)).toEqual([
      null,
      "repeat_conversion",
    ]);
    // 31 minutes later (the stored time moved back rather than waiting).
    await sql(
      "UPDATE pixel_visitors SET last_counted_at = :at WHERE pixel_id = :id",
      { at: new Date(Date.now() - 31 * 60_000).toISOString(), id: every.id },
    );
    await collect(a, conversion(every, { visitor_id: visitor }));
    stored = await events(every);
    expect(stored.map((event) => event.counted)).toEqual([true, false, true]);
  });

  it("a repeat that is not counted gives its transaction back", async () => {
    const pixel = await newPixel({
      config: { type: "conversion", conversion_type: "signup" },
    });
    const visitor = visitorId();
    await collect(a, conversion(pixel, { visitor_id: visitor }));
    await events(pixel);
    const repeat = conversion(pixel, {
      visitor_id: visitor,
      transaction_id: "GIVEN-BACK",
    });
    await collect(a, repeat);
    await events(pixel);
    const later = conversion(pixel, {
      visitor_id: visitorId(),
      transaction_id: "GIVEN-BACK",
    });
    await collect(b, later);
    const stored = byEventId(await events(pixel));
    expect(stored.get(repeat.event_id)!.not_counted_reason).toBe(
      "repeat_conversion",
    );
    expect(stored.get(later.event_id)!.counted).toBe(true);
  });

  it("counts an event without visitor_id, with the warning no_visitor_id (not on pageviews)", async () => {
    const pixel = await newPixel({
      config: { type: "conversion", conversion_type: "signup" },
    });
    await collect(a, conversion(pixel));
    await collect(a, conversion(pixel));
    const stored = await events(pixel);
    expect(stored.map((event) => [event.counted, event.warnings])).toEqual([
      [true, ["no_visitor_id"]],
      [true, ["no_visitor_id"]],
    ]);
    const pageview = await newPixel({ config: { type: "pageview" } });
    await collect(a, { pixel_id: pageview.id, type: "pageview" });
    const [event] = await events(pageview);
    expect(event.warnings).not.toContain("no_visitor_id");
    expect(event.counted).toBe(true);
  });

  it("stores events of an inactive pixel, not counted, and does not redirect its image", async () => {
    const pixel = await newPixel({
      state: "inactive",
      piggyback_pixels: [{ pixel_type: "img", url: "https://a.example/" }],
    });
    await collect(a, conversion(pixel, { transaction_id: "INACTIVE-1" }));
    const gif = await fetch(
      `${a.baseUrl}/collect.gif?pixel_id=${pixel.id}&type=conversion`,
      { redirect: "manual" },
    );
    expect(gif.status).toBe(200);
    expect(gif.headers.get("content-type")).toBe("image/gif");
    const stored = await events(pixel);
    expect(stored.map((event) => event.not_counted_reason)).toEqual([
      "pixel_inactive",
      "pixel_inactive",
    ]);
    // Its transaction was never counted: once active, it counts.
    const changed = await request(
      a.baseUrl,
      "PUT",
      `/saved-pixels/${pixel.id}?account_id=${pixel.account}`,
      { token: pixel.token, json: { state: "active" } },
    );
    expect(changed.status).toBe(200);
    const c = await startTestApp({ DATABASE_URL }); // a fresh pixel cache
    try {
      await collect(c, conversion(pixel, { transaction_id: "INACTIVE-1" }));
      await request(
        c.baseUrl,
        "GET",
        `/saved-pixels/${pixel.id}/events?account_id=${pixel.account}`,
        { token: pixel.token },
      );
      const after = await events(pixel);
      expect(after[2].counted).toBe(true);
    } finally {
      await c.close();
    }
  });

  it("/collect.gif answers 302 to the first img piggyback, placeholders filled and encoded, and stores the event", async () => {
    const pixel = await newPixel({
      piggyback_pixels: [
        { pixel_type: "js", url: "https://js.example/t.js" },
        {
          pixel_type: "img",
          url: "https://img.example/c?e={event_id}&t={transaction_id}&r={revenue}&c={currency}&k={conversion_type}&p={pixel_id}&u={unknown}",
        },
        { pixel_type: "img", url: "https://second.example/" },
      ],
    });
    const query = new URLSearchParams({
      pixel_id: pixel.id,
      type: "conversion",
      conversion_type: "purchase & more",
      event_id: "gif_event_01",
      transaction_id: 'A&B=C"<x>',
      revenue: "49.99",
      currency: "eur",
    });
    const response = await fetch(`${a.baseUrl}/collect.gif?${query}`, {
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.origin).toBe("https://img.example");
    expect(Object.fromEntries(location.searchParams)).toEqual({
      e: "gif_event_01",
      t: 'A&B=C"<x>',
      r: "49.99",
      c: "EUR",
      k: "purchase & more",
      p: pixel.id,
      u: "{unknown}",
    });
    const empty = await fetch(
      `${a.baseUrl}/collect.gif?pixel_id=${pixel.id}&type=conversion&event_id=gif_event_02`,
      { redirect: "manual" },
    );
    expect(new URL(empty.headers.get("location")!).searchParams.get("t")).toBe(
      "",
    );
    const stored = byEventId(await events(pixel));
    expect(stored.get("gif_event_01")).toMatchObject({
      source: "image",
      counted: true,
      transaction_id: 'A&B=C"<x>',
    });
  });

  it.each<[string, unknown]>([
    ["huge", "x".repeat(7_000)],
    ["a number", 12],
    ["an object", { a: 1 }],
    ["an array", ["a"]],
    ["NUL", "ab\u0000cdefgh"],
    ["__proto__", "__proto__"],
    ["true", true],
  ])(
    "takes a hostile visitor_id and transaction_id (%s) without a 5xx",
    async (_name, value) => {
      const pixel = await newPixel();
      const sent = conversion(pixel, {
        visitor_id: value,
        transaction_id: value,
      });
      const response = await collect(a, sent);
      expect(response.status).toBe(204);
      const [event] = await events(pixel);
      expect(event.event_id).toBe(sent.event_id);
      expect(event.counted).toBe(true);
      if (event.transaction_id !== null) {
        expect(typeof event.transaction_id).toBe("string");
        expect(event.transaction_id).not.toContain("\u0000");
      }
      if (event.visitor_id !== null)
        expect(event.visitor_id).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
    },
  );

  it("keeps the dedup and the repeat rule across a restart", async () => {
    const pixel = await newPixel({
      config: { type: "conversion", conversion_type: "signup" },
    });
    const visitor = visitorId();
    await collect(a, conversion(pixel, { visitor_id: visitor }));
    await collect(a, conversion(pixel, { transaction_id: "KEEP-1" }));
    await events(pixel);
    // Events are pruned; the counting state is not.
    await sql("DELETE FROM pixel_events WHERE pixel_id = :id", {
      id: pixel.id,
    });
    await a.close();
    a = await startTestApp({ DATABASE_URL });
    await collect(a, conversion(pixel, { visitor_id: visitor }));
    await collect(a, conversion(pixel, { transaction_id: "KEEP-1" }));
    const stored = await events(pixel);
    expect(stored.map((event) => event.not_counted_reason).sort()).toEqual([
      "duplicate_transaction",
      "repeat_conversion",
    ]);
  });
});
