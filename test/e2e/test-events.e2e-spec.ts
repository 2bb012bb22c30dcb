import { randomBytes } from "node:crypto";
import { expectError } from "../support/expect-error";
import {
  ingestSetup,
  IngestSetup,
  savedPixel,
  sendServerEvents,
  storedEvents,
  acceptedResult,
  randomEventId,
} from "../support/ingest";
import { request, startTestApp, TestApp } from "../support/test-app";

/**
 * Contract §9 over HTTP, on SQLite and PostgreSQL: test events on all three
 * paths (`POST /collect`, `GET /collect.gif`, `POST /events`) are stored as test,
 * never counted, never claim an order or a visitor's repeat slot, never turn the
 * pixel active; the events list filters on `test`. And the browser and server
 * paths deduplicate each other by event_id and by transaction_id, whichever
 * arrives first, and `POST /events` says so per index.
 */

const eventId = randomEventId;
const visitorId = () => `v_${randomBytes(8).toString("hex")}`;

describe("test events and browser/server deduplication over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const payload = (s: Setup, extra: Record<string, unknown> = {}) => ({
    pixel_id: s.pixel,
    type: "conversion",
    conversion_type: "purchase",
    revenue: 10,
    currency: "EUR",
    event_id: eventId(),
    ...extra,
  });

  type Setup = IngestSetup;
  const setup = (overrides: Record<string, unknown> = {}) =>
    ingestSetup(t, overrides, "testev");

  const send = (s: Setup, events: unknown[]) => sendServerEvents(t, s, events);

  const collect = (body: Record<string, unknown>) =>
    request(t.baseUrl, "POST", "/collect", {
      raw: JSON.stringify(body),
      headers: { "content-type": "text/plain" },
    });

  const collectGif = (query: Record<string, string>) =>
    request(
      t.baseUrl,
      "GET",
      `/collect.gif?${new URLSearchParams(query).toString()}`,
    );

  const listed = (s: Setup, query = "") => storedEvents(t, s, query);
  const pixel = (s: Setup) => savedPixel(t, s);

  it("stores a test event from each path as test, uncounted, and leaves the pixel unverified", async () => {
    const s = await setup();
    const ids = { browser: eventId(), image: eventId(), server: eventId() };
    expect(
      (
        await collect(
          payload(s, { event_id: ids.browser, test_event_code: "TEST123" }),
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await collectGif({
          pixel_id: s.pixel,
          type: "conversion",
          event_id: ids.image,
          test_event_code: "TEST123",
        })
      ).status,
    ).toBe(200);
    const sent = await send(s, [
      payload(s, { event_id: ids.server, test_event_code: "TEST123" }),
    ]);
    expect(sent.status).toBe(200);
    expect(sent.body.data.results).toEqual([acceptedResult(0, "test_event")]);

    const events = await listed(s);
    expect(events).toHaveLength(3);
    for (const [source, id] of Object.entries(ids)) {
      expect(events.find((e) => e.event_id === id)).toMatchObject({
        source,
        test: true,
        counted: false,
        not_counted_reason: "test_event",
      });
    }
    const seen = await pixel(s);
    expect(seen.status).toBe("unverified");
    expect(seen.last_event_at).toBeNull();

    // A real event afterwards does turn it active.
    await collect(payload(s));
    expect((await listed(s)).filter((e) => e.test === false)).toHaveLength(1);
    expect((await pixel(s)).status).toBe("active");
  });

  it("filters the events list on test=true|false, and refuses any other value naming test", async () => {
    const s = await setup();
    const real = eventId();
    const test = eventId();
    await send(s, [
      payload(s, { event_id: real }),
      payload(s, { event_id: test, test_event_code: "QA-1" }),
    ]);
    expect((await listed(s, "&test=true")).map((e) => e.event_id)).toEqual([
      test,
    ]);
    expect((await listed(s, "&test=false")).map((e) => e.event_id)).toEqual([
      real,
    ]);
    expect(await listed(s)).toHaveLength(2);
    for (const bad of ["yes", "1", "TRUE", ""]) {
      const response = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/${s.pixel}/events?account_id=${s.account}&test=${bad}`,
        { token: s.token },
      );
      expectError(response, 400, "VALIDATION_FAILED", ["test"]);
    }
  });

  it("never lets a test event claim an order or a visitor's slot: the real one counts later, on either path", async () => {
    // Once per visitor (min_minutes_per_conv null) so the repeat rule applies too.
    const s = await setup({ min_minutes_per_conv: null });
    const visitor = visitorId();
    await collect(
      payload(s, {
        transaction_id: "ORDER-1",
        visitor_id: visitor,
        test_event_code: "QA",
      }),
    );
    await send(s, [
      payload(s, {
        transaction_id: "ORDER-2",
        visitor_id: visitor,
        test_event_code: "QA",
      }),
    ]);
    await listed(s); // the browser's test event is written
    const real = await send(s, [
      payload(s, { transaction_id: "ORDER-1", visitor_id: visitor }),
    ]);
    expect(real.body.data.results[0]).toMatchObject({
      status: "accepted",
      counted: true,
      not_counted_reason: null,
    });
    const realBrowser = eventId();
    await collect(
      payload(s, {
        event_id: realBrowser,
        transaction_id: "ORDER-2",
        visitor_id: visitorId(),
      }),
    );
    const events = await listed(s, "&test=false");
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.counted === true)).toBe(true);
  });

  it("drops a bad test_event_code from /collect with a warning (a real event), and rejects it on /events by index", async () => {
    const s = await setup();
    const id = eventId();
    await collect(
      payload(s, { event_id: id, test_event_code: "x".repeat(51) }),
    );
    const [stored] = await listed(s);
    expect(stored).toMatchObject({ event_id: id, test: false, counted: true });
    expect(stored.warnings).toContain(
      "test_event_code must be 1-50 characters; dropped (the event is stored as a real event)",
    );

    const response = await send(s, [
      payload(s, { test_event_code: "" }),
      payload(s, { test_event_code: 7 }),
      payload(s, { test_event_code: "x".repeat(51) }),
      payload(s, { test_event_code: "🙂".repeat(50) }),
    ]);
    expect(response.status).toBe(200);
    expect(response.body.data.accepted).toBe(1);
    const results = response.body.data.results;
    for (const i of [0, 1, 2]) {
      expect(results[i]).toEqual({
        index: i,
        status: "rejected",
        errors: [
          { field: `events.${i}.test_event_code`, message: expect.any(String) },
        ],
      });
    }
    expect(results[3]).toMatchObject({
      status: "accepted",
      not_counted_reason: "test_event",
    });
  });

  it("browser first, then the server with the same event_id: stored and counted once, and the result says duplicate_event", async () => {
    const s = await setup();
    const id = eventId();
    expect(
      (await collect(payload(s, { event_id: id, revenue: 5 }))).status,
    ).toBe(204);
    await listed(s); // written
    const response = await send(s, [payload(s, { event_id: id, revenue: 7 })]);
    expect(response.body.data).toEqual({
      accepted: 1,
      results: [acceptedResult(0, "duplicate_event")],
    });
    const events = await listed(s);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event_id: id,
      source: "browser",
      revenue: 5,
      counted: true,
    });
  });

  it("server first, then the browser with the same event_id: the server's event stands, counted once", async () => {
    const s = await setup();
    const id = eventId();
    const response = await send(s, [
      payload(s, { event_id: id, revenue: 7 }),
      payload(s, { event_id: id, revenue: 8 }),
    ]);
    expect(response.body.data.results.map((r: object) => ({ ...r }))).toEqual([
      acceptedResult(0, null),
      acceptedResult(1, "duplicate_event"),
    ]);
    await collect(payload(s, { event_id: id, revenue: 5 }));
    const events = await listed(s);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: "server",
      revenue: 7,
      counted: true,
    });
  });

  it("counts a transaction_id once across paths, whichever comes first", async () => {
    const s = await setup();
    // Browser first.
    const browserFirst = eventId();
    await collect(
      payload(s, { event_id: browserFirst, transaction_id: "A-1" }),
    );
    await listed(s);
    const serverSecond = await send(s, [payload(s, { transaction_id: "A-1" })]);
    expect(serverSecond.body.data.results[0]).toMatchObject({
      status: "accepted",
      counted: false,
      not_counted_reason: "duplicate_transaction",
    });
    // Server first.
    const serverFirst = await send(s, [payload(s, { transaction_id: "B-2" })]);
    expect(serverFirst.body.data.results[0]).toMatchObject({
      counted: true,
      not_counted_reason: null,
    });
    const browserSecond = eventId();
    await collect(
      payload(s, { event_id: browserSecond, transaction_id: "B-2" }),
    );
    const events = await listed(s);
    expect(events).toHaveLength(4);
    const counted = (tx: string) =>
      events
        .filter((e) => e.transaction_id === tx)
        .map((e) => [e.source, e.counted, e.not_counted_reason]);
    expect(counted("A-1").sort()).toEqual(
      [
        ["browser", true, null],
        ["server", false, "duplicate_transaction"],
      ].sort(),
    );
    expect(counted("B-2").sort()).toEqual(
      [
        ["browser", false, "duplicate_transaction"],
        ["server", true, null],
      ].sort(),
    );
  });

  it("applies the pixel's state and repeat rule to server events as to browser ones", async () => {
    const s = await setup({ min_minutes_per_conv: null });
    const visitor = visitorId();
    await collect(payload(s, { visitor_id: visitor }));
    await listed(s);
    const repeat = await send(s, [payload(s, { visitor_id: visitor })]);
    expect(repeat.body.data.results[0]).toMatchObject({
      counted: false,
      not_counted_reason: "repeat_conversion",
    });

    const inactive = await setup({ state: "inactive" });
    const off = await send(inactive, [payload(inactive)]);
    expect(off.body.data.results[0]).toMatchObject({
      counted: false,
      not_counted_reason: "pixel_inactive",
    });
  });
});
