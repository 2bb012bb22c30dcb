import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DataSource } from "typeorm";
import { expectError } from "../support/expect-error";
import {
  acceptedResult,
  randomEventId,
  ingestSetup,
  IngestSetup,
  storedEvents,
} from "../support/ingest";
import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";

/**
 * Contract §9, POST /events over real HTTP: ingest-key authentication, the batch
 * limits, per-index results, account scoping without existence leaks, "200 means
 * stored", deduplication with browser events, and revocation under load. Runs on
 * SQLite and on PostgreSQL.
 */

const eventId = randomEventId;

describe("server events over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  type Setup = IngestSetup;
  const setup = (overrides: Record<string, unknown> = {}) =>
    ingestSetup(t, overrides);

  const send = (key: string | undefined, body: unknown) =>
    request(t.baseUrl, "POST", "/events", { token: key, json: body });

  const stored = (s: Setup) => storedEvents(t, s);

  const purchase = (s: Setup, extra: Record<string, unknown> = {}) => ({
    pixel_id: s.pixel,
    type: "conversion",
    conversion_type: "purchase",
    revenue: 49.99,
    currency: "EUR",
    properties: { sku: "A1", qty: 2, gift: false },
    event_id: eventId(),
    page_url: "https://shop.example/thanks",
    client_time: "2026-01-31T12:00:00+01:00",
    transaction_id: "T-1",
    visitor_id: "v_0123456789abcdef",
    touchpoint: {
      type: "click",
      campaign: "spring_sale",
      source: "newsletter",
      age_s: 3600,
    },
    ...extra,
  });

  it("stores accepted events before answering 200, and says which index was rejected and why", async () => {
    const s = await setup();
    const good = purchase(s);
    const response = await send(s.key, {
      events: [
        good,
        purchase(s, { revenue: "-3", currency: "EURO" }),
        purchase(s, { revenue: "12.50" }),
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    expect(response.body.data.accepted).toBe(2);
    expect(response.body.data.results).toEqual([
      acceptedResult(0, null),
      {
        index: 1,
        status: "rejected",
        errors: [
          { field: "events.1.revenue", message: expect.any(String) },
          { field: "events.1.currency", message: expect.any(String) },
        ],
      },
      // The same transaction_id as index 0: stored, counted once (§7).
      acceptedResult(2, "duplicate_transaction"),
    ]);
    // No wait, no flush: 200 means it is in the database already.
    const events = await stored(s);
    expect(events).toHaveLength(2);
    const first = events.find((e) => e.event_id === good.event_id)!;
    expect(first).toMatchObject({
      type: "conversion",
      conversion_type: "purchase",
      revenue: 49.99,
      currency: "EUR",
      properties: { sku: "A1", qty: 2, gift: false },
      page_url: "https://shop.example/thanks",
      client_time: "2026-01-31T11:00:00.000Z",
      warnings: [],
    });
    expect(events.map((e) => e.revenue).sort()).toEqual([12.5, 49.99]);
  });

  it("rejects each bad field by index with its dotted path, storing nothing of that event", async () => {
    const s = await setup();
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ pixel_id: undefined }, ["pixel_id"]],
      [{ pixel_id: 42 }, ["pixel_id"]],
      [{ type: undefined }, ["type"]],
      [{ type: "pageview" }, ["type"]],
      [{ type: "purchase" }, ["type"]],
      [{ conversion_type: "" }, ["conversion_type"]],
      [{ conversion_type: "x".repeat(51) }, ["conversion_type"]],
      [{ revenue: -1 }, ["revenue"]],
      [{ revenue: "1e3" }, ["revenue"]],
      [{ revenue: 1e16 }, ["revenue"]],
      [{ currency: "XXY" }, ["currency"]],
      [{ currency: 978 }, ["currency"]],
      [{ properties: [] }, ["properties"]],
      [{ properties: { "bad key": 1 } }, ["properties.bad key"]],
      [{ properties: { ok: { nested: 1 } } }, ["properties.ok"]],
      [{ properties: { ok: "x".repeat(501) } }, ["properties.ok"]],
      [
        {
          properties: Object.fromEntries(
            Array.from({ length: 21 }, (_, i) => [`k${i}`, i]),
          ),
        },
        ["properties"],
      ],
      [{ event_id: "short" }, ["event_id"]],
      [{ event_id: "has space in it" }, ["event_id"]],
      [{ page_url: "javascript:alert(1)" }, ["page_url"]],
      [{ page_url: `https://x.example/${"a".repeat(2100)}` }, ["page_url"]],
      [{ referrer: "ftp://x" }, ["referrer"]],
      [{ client_time: "yesterday" }, ["client_time"]],
      [{ client_time: "2026-01-31T12:00:00" }, ["client_time"]],
      [{ colour: "red" }, ["colour"]],
    ];
    const response = await send(s.key, {
      events: cases.map(([extra]) => purchase(s, extra)),
    });
    expect(response.status).toBe(200);
    expect(response.body.data.accepted).toBe(0);
    response.body.data.results.forEach(
      (
        result: { index: number; status: string; errors: { field: string }[] },
        i: number,
      ) => {
        expect(result.index).toBe(i);
        expect(result.status).toBe("rejected");
        expect(result.errors.map((e) => e.field)).toEqual(
          cases[i][1].map((field) => `events.${i}.${field}`),
        );
      },
    );
    for (const bad of [null, "text", 7, []]) {
      const one = await send(s.key, { events: [bad] });
      expect(one.body.data.results[0]).toEqual({
        index: 0,
        status: "rejected",
        errors: [{ field: "events.0", message: "must be an object" }],
      });
    }
    expect(await stored(s)).toEqual([]);
  });

  it("reads a revenue string with the one amount parser and the event's currency: what is accepted is what is stored", async () => {
    const s = await setup();
    const sent = [
      purchase(s, { revenue: "4.350", currency: "EUR", transaction_id: "a" }),
      purchase(s, { revenue: "4.350", currency: "BHD", transaction_id: "b" }),
      purchase(s, {
        revenue: "1.234,56",
        currency: "EUR",
        transaction_id: "c",
      }),
      // Read one way of two: /collect keeps it with a warning, a server is told.
      purchase(s, {
        revenue: "4.350",
        currency: undefined,
        transaction_id: "d",
      }),
      purchase(s, { revenue: "12 apples", transaction_id: "e" }),
    ];
    const response = await send(s.key, { events: sent });
    expect(response.status).toBe(200);
    expect(
      response.body.data.results.map((r: { status: string }) => r.status),
    ).toEqual(["accepted", "accepted", "accepted", "rejected", "rejected"]);
    expect(response.body.data.results[3].errors).toEqual([
      {
        field: "events.3.revenue",
        message: expect.stringContaining("ambiguous without a currency"),
      },
    ]);
    const events = await stored(s);
    const revenueOf = (i: number) =>
      events.find((e) => e.event_id === sent[i].event_id)!.revenue;
    expect([revenueOf(0), revenueOf(1), revenueOf(2)]).toEqual([
      4350, 4.35, 1234.56,
    ]);
    expect(events).toHaveLength(3);
    expect(events.map((e) => e.warnings)).toEqual([[], [], []]);
  });

  it("accepts only pixels of the key's account: another account's pixel is rejected exactly like an unknown one", async () => {
    const mine = await setup();
    const theirs = await setup();
    const response = await send(mine.key, {
      events: [
        purchase(mine, { pixel_id: theirs.pixel }),
        purchase(mine, { pixel_id: "pix_doesnotexist0" }),
        purchase(mine),
      ],
    });
    expect(response.status).toBe(200);
    const [other, unknown, own] = response.body.data.results;
    expect(other.status).toBe("rejected");
    expect(unknown.status).toBe("rejected");
    // Byte for byte the same answer, but for the index.
    expect(JSON.stringify(other.errors).replace("events.0.", "events.N.")).toBe(
      JSON.stringify(unknown.errors).replace("events.1.", "events.N."),
    );
    expect(other.errors).toEqual([
      { field: "events.0.pixel_id", message: expect.any(String) },
    ]);
    expect(own.status).toBe("accepted");
    expect(await stored(theirs)).toEqual([]);
  });

  it("stores an event_id once whichever path sends it first, and counts it once", async () => {
    const s = await setup();
    const viaBrowserFirst = eventId();
    const collected = await request(t.baseUrl, "POST", "/collect", {
      raw: JSON.stringify({ ...purchase(s), event_id: viaBrowserFirst }),
      headers: { "content-type": "text/plain" },
    });
    expect(collected.status).toBe(204);
    // The browser path is buffered (≤ 50 ms): wait until it is stored.
    for (let i = 0; i < 100 && (await stored(s)).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await stored(s)).toHaveLength(1);

    const viaServerFirst = eventId();
    const response = await send(s.key, {
      events: [
        purchase(s, { event_id: viaBrowserFirst, revenue: 1 }),
        purchase(s, { event_id: viaServerFirst }),
        purchase(s, { event_id: viaServerFirst }),
      ],
    });
    expect(response.body.data.accepted).toBe(3);
    // Index 0 met the browser's event, index 2 index 1's: each says so.
    expect(
      response.body.data.results.map(
        (r: { not_counted_reason: string | null }) => r.not_counted_reason,
      ),
    ).toEqual(["duplicate_event", "duplicate_transaction", "duplicate_event"]);
    await request(t.baseUrl, "POST", "/collect", {
      raw: JSON.stringify({ ...purchase(s), event_id: viaServerFirst }),
      headers: { "content-type": "text/plain" },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const events = await stored(s);
    expect(events.map((e) => e.event_id).sort()).toEqual(
      [viaBrowserFirst, viaServerFirst].sort(),
    );
    // The first arrival is the one kept.
    expect(events.find((e) => e.event_id === viaBrowserFirst)!.revenue).toBe(
      49.99,
    );
    const pixel = await request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${s.pixel}?account_id=${s.account}`,
      { token: s.token },
    );
    expect(pixel.body.data.status).toBe("active");
  });

  it("refuses a missing, malformed, wrong or user-token key with 401 in the envelope", async () => {
    const s = await setup();
    const body = { events: [purchase(s)] };
    for (const key of [
      undefined,
      "spx_ik_short",
      `spx_ik_${"A".repeat(43)}`,
      s.key.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
      t.token(s.account),
    ]) {
      const response = await send(key, body);
      expectError(response, 401, "UNAUTHENTICATED");
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    expectError(
      await request(t.baseUrl, "POST", "/events", {
        json: body,
        headers: { authorization: `Basic ${s.key}` },
      }),
      401,
      "UNAUTHENTICATED",
    );
    expect(await stored(s)).toEqual([]);
  });

  it("enforces the batch shape: 1-100 events (400), 256 KiB (413), JSON only (400, 415)", async () => {
    const s = await setup();
    expectError(
      await send(s.key, {
        events: Array.from({ length: 101 }, () => purchase(s)),
      }),
      400,
      "VALIDATION_FAILED",
      ["events"],
    );
    expectError(await send(s.key, { events: [] }), 400, "VALIDATION_FAILED", [
      "events",
    ]);
    expectError(await send(s.key, {}), 400, "VALIDATION_FAILED", ["events"]);
    expectError(await send(s.key, [purchase(s)]), 400, "VALIDATION_FAILED", [
      "events",
    ]);
    expectError(
      await send(s.key, { events: [purchase(s)], test: true }),
      400,
      "VALIDATION_FAILED",
      ["test"],
    );
    expectError(
      await request(t.baseUrl, "POST", "/events", {
        token: s.key,
        raw: '{"events": [',
        headers: { "content-type": "application/json" },
      }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await request(t.baseUrl, "POST", "/events", {
        token: s.key,
        raw: JSON.stringify({ events: [purchase(s)] }),
        headers: { "content-type": "text/plain" },
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    // 100 events of about 2 KiB each: over the API's usual 64 KiB, under 256 KiB.
    const big = Array.from({ length: 100 }, () =>
      purchase(s, {
        properties: { note: "n".repeat(450), more: "m".repeat(450) },
        page_url: `https://shop.example/${"p".repeat(900)}`,
      }),
    );
    const bigBody = JSON.stringify({ events: big });
    expect(bigBody.length).toBeGreaterThan(150 * 1024);
    expect(bigBody.length).toBeLessThan(256 * 1024);
    const ok = await send(s.key, { events: big });
    expect(ok.status).toBe(200);
    expect(ok.body.data.accepted).toBe(100);
    const tooBig = Array.from({ length: 100 }, () =>
      purchase(s, {
        page_url: `https://shop.example/${"p".repeat(2000)}`,
        properties: { a: "a".repeat(500), b: "b".repeat(500) },
      }),
    );
    expect(JSON.stringify({ events: tooBig }).length).toBeGreaterThan(
      256 * 1024,
    );
    expectError(
      await send(s.key, { events: tooBig }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expect(await stored(s)).toHaveLength(100);
  });

  it("stops accepting a key as soon as its revocation answers, with requests in flight", async () => {
    const s = await setup();
    let stop = false;
    let revokedAt = Number.POSITIVE_INFINITY;
    const outcomes: Array<{
      status: number;
      startedAt: number;
      ids: string[];
    }> = [];
    const worker = async () => {
      while (!stop) {
        const startedAt = performance.now();
        const events = [purchase(s), purchase(s)];
        const response = await send(s.key, { events });
        outcomes.push({
          status: response.status,
          startedAt,
          ids: events.map((e) => e.event_id as string),
        });
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const revoked = await request(
      t.baseUrl,
      "DELETE",
      `/ingest-keys/${s.keyId}?account_id=${s.account}`,
      { token: s.token },
    );
    revokedAt = performance.now();
    expect(revoked.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 150));
    stop = true;
    await Promise.all(workers);

    expect(new Set(outcomes.map((o) => o.status))).toEqual(new Set([200, 401]));
    const after = outcomes.filter((o) => o.startedAt > revokedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((o) => o.status === 401)).toBe(true);
    // Every 200 was stored, and nothing else was.
    // Straight from the table: the events route shows only the newest 100.
    const dataSource = t.app.get(DataSource);
    const [text, values] = dataSource.driver.escapeQueryWithParameters(
      "SELECT event_id FROM pixel_events WHERE pixel_id = :pixel",
      { pixel: s.pixel },
    );
    const rows: { event_id: string }[] = await dataSource.query(text, values);
    const storedIds = new Set(rows.map((row) => row.event_id));
    const accepted = outcomes
      .filter((o) => o.status === 200)
      .flatMap((o) => o.ids);
    const refused = outcomes
      .filter((o) => o.status === 401)
      .flatMap((o) => o.ids);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.every((id) => storedIds.has(id))).toBe(true);
    expect(refused.some((id) => storedIds.has(id))).toBe(false);
  });

  it("server code: the curl command (bash) and the Node function (node) store the pixel's exact values", async () => {
    const hostile = `it's "$HOME" $(touch spx-trap) \`touch spx-trap\` '\\'' \n end`;
    const s = await setup({
      config: {
        type: "conversion",
        conversion_type: hostile.slice(0, 50),
        revenue: { source: "variable", value: "order.total" },
        currency: { source: "fixed", value: "EUR" },
        properties: [
          { key: "note", source: "fixed", value: hostile },
          { key: "sku", source: "variable", value: "product_sku" },
        ],
      },
    });
    const code = await request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${s.pixel}/code?account_id=${s.account}&platform=server`,
      { token: s.token },
    );
    expect(code.status).toBe(200);
    expect(code.body.data.platform).toBe("server");
    const content = (id: string) =>
      code.body.data.artifacts.find((a: { id: string }) => a.id === id)
        .content as string;
    const curl = content("curl")
      .replace("http://localhost:3000", t.baseUrl)
      .replace('"<order.total>"', "12.5")
      .replace("<product_sku>", "SKU-1")
      .replace("<event_id>", "curl_event_1")
      .replace("<visitor_id>", "v_1");
    expect(curl).not.toContain("spx_ik_");
    const dir = mkdtempSync(join(tmpdir(), "spx-server-code-"));
    try {
      const env = { PATH: process.env.PATH, SPX_INGEST_KEY: s.key };
      // Asynchronous: the service answering them runs in this process.
      const run = promisify(execFile);
      const bash = await run("bash", ["--norc", "--noprofile", "-c", curl], {
        cwd: dir,
        env,
      });
      expect(JSON.parse(bash.stdout).data.accepted).toBe(1);

      const node = content("node").replace("http://localhost:3000", t.baseUrl);
      const script = `${node}
sendSavedPixelEvent(
  { event_id: "node_event_1", visitor_id: "v_2" },
  { "order.total": 7, product_sku: "SKU-2" },
).then((data) => console.log(JSON.stringify(data)));`;
      const nodeRun = await run(process.execPath, ["-e", script], {
        cwd: dir,
        env,
      });
      expect(nodeRun.stderr).toBe("");
      expect(JSON.parse(nodeRun.stdout).accepted).toBe(1);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const events = await stored(s);
    const byId = Object.fromEntries(events.map((e) => [e.event_id, e]));
    expect(byId.curl_event_1).toMatchObject({
      revenue: 12.5,
      currency: "EUR",
      conversion_type: hostile.slice(0, 50).trim(),
      properties: { note: hostile, sku: "SKU-1" },
    });
    expect(byId.node_event_1).toMatchObject({
      revenue: 7,
      properties: { note: hostile, sku: "SKU-2" },
    });

    const preview = await request(
      t.baseUrl,
      "POST",
      `/saved-pixels/preview?account_id=${s.account}&platform=server`,
      { token: s.token, json: { config: { type: "pageview" } } },
    );
    expect(preview.status).toBe(200);
    expect(
      preview.body.data.artifacts.map((a: { id: string }) => a.id),
    ).toEqual(["curl", "node"]);
    // server is a code platform, not a pixel's target.
    expectError(
      await request(
        t.baseUrl,
        "POST",
        `/saved-pixels?account_id=${s.account}`,
        {
          token: s.token,
          json: pixelBody({ target_platform: "server" }),
        },
      ),
      400,
      "VALIDATION_FAILED",
      ["target_platform"],
    );
  });
});
