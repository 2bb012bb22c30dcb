import { request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import { DataSource } from "typeorm";
import {
  ApiResponse,
  pixelBody,
  request,
  startTestApp,
  TestApp,
} from "../support/test-app";

/**
 * Contract §6 over real HTTP: the tracker script, /collect and /collect.gif, the
 * events route and the pixel status. Runs on SQLite and again on PostgreSQL.
 */

const GIF_MAGIC = "GIF89a";
const eventId = () => `ev_${randomBytes(6).toString("hex")}`;

describe("tracker and collection over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: "https://px.example.com" });
  });
  afterAll(() => t.close());

  /** Reads the database directly, for what no route shows. */
  async function sql<T>(
    query: string,
    parameters: Record<string, unknown>,
  ): Promise<T[]> {
    const dataSource = t.app.get(DataSource);
    const [text, values] = dataSource.driver.escapeQueryWithParameters(
      query,
      parameters,
    );
    return (await dataSource.query(text, values)) as T[];
  }

  async function newPixel(overrides: Record<string, unknown> = {}) {
    const account = t.account();
    const token = t.token(account);
    const created = await request(
      t.baseUrl,
      "POST",
      `/saved-pixels?account_id=${account}`,
      { token, json: pixelBody(overrides) },
    );
    expect(created.status).toBe(201);
    return { account, token, id: created.body.data.id as string };
  }

  const collect = (body: unknown, contentType = "text/plain;charset=UTF-8") =>
    request(t.baseUrl, "POST", "/collect", {
      raw: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": contentType, origin: "https://shop.example" },
    });

  const events = (p: { account: string; token: string; id: string }) =>
    request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${p.id}/events?account_id=${p.account}`,
      { token: p.token },
    );

  function expectSilent204(response: ApiResponse): void {
    expect(response.status).toBe(204);
    expect(response.text).toBe("");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  }

  describe("GET /t.js", () => {
    it("serves the ES5 tracker with the public base URL built in, an ETag and a cache lifetime", async () => {
      const response = await request(t.baseUrl, "GET", "/t.js");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(
        /^application\/javascript/,
      );
      expect(response.text).toContain('"https://px.example.com"');
      expect(response.text).not.toContain("__SPX_BASE_URL__");
      expect(response.headers.get("cache-control")).toMatch(/max-age=\d+/);
      const etag = response.headers.get("etag");
      expect(etag).toMatch(/^"[^"]+"$/);

      const again = await request(t.baseUrl, "GET", "/t.js", {
        headers: { "if-none-match": etag! },
      });
      expect(again.status).toBe(304);
      expect(again.text).toBe("");
    });

    /** The raw answer, undecoded (fetch would decompress it behind our back). */
    const rawTracker = (headers: Record<string, string>) =>
      new Promise<{
        status: number;
        headers: Record<string, string | string[] | undefined>;
        body: Buffer;
      }>((resolve, reject) => {
        const target = new URL("/t.js", t.baseUrl);
        const outgoing = httpRequest(target, { headers }, (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () =>
            resolve({
              status: incoming.statusCode!,
              headers: incoming.headers,
              body: Buffer.concat(chunks),
            }),
          );
        });
        outgoing.on("error", reject);
        outgoing.end();
      });

    it("sends Brotli or gzip as Accept-Encoding asks, plain without it, each with its own ETag", async () => {
      const plain = await rawTracker({});
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      const text = plain.body.toString("utf8");
      expect(text).toContain('"https://px.example.com"');

      const browser = await rawTracker({
        "accept-encoding": "gzip, deflate, br, zstd",
      });
      expect(browser.headers["content-encoding"]).toBe("br");
      expect(brotliDecompressSync(browser.body).toString("utf8")).toBe(text);
      expect(browser.body.length).toBeLessThan(plain.body.length / 2);

      const gzipOnly = await rawTracker({
        "accept-encoding": "gzip;q=1, br;q=0.5",
      });
      expect(gzipOnly.headers["content-encoding"]).toBe("gzip");
      expect(gunzipSync(gzipOnly.body).toString("utf8")).toBe(text);

      const refused = await rawTracker({
        "accept-encoding": "br;q=0, gzip;q=0",
      });
      expect(refused.headers["content-encoding"]).toBeUndefined();
      expect(refused.body.toString("utf8")).toBe(text);

      // RFC 9110 §12.5.3: "*" covers only codings the header does not name;
      // codings are case-insensitive and x-gzip is gzip.
      for (const [header, expected] of [
        ["br;q=0, *", "gzip"],
        ["*;q=0.5, br;q=0", "gzip"],
        ["GZIP", "gzip"],
        ["x-gzip", "gzip"],
        ["Br", "br"],
        ["*", "br"],
        ["identity", undefined],
      ] as const) {
        const answer = await rawTracker({ "accept-encoding": header });
        expect([header, answer.headers["content-encoding"]]).toEqual([
          header,
          expected,
        ]);
      }

      const etags = [plain, browser, gzipOnly].map((r) => r.headers.etag);
      expect(new Set(etags).size).toBe(3);
      // A cached Brotli copy revalidates as Brotli; the plain ETag does not match it.
      const revalidated = await rawTracker({
        "accept-encoding": "br",
        "if-none-match": String(browser.headers.etag),
      });
      expect(revalidated.status).toBe(304);
      const mismatched = await rawTracker({
        "accept-encoding": "br",
        "if-none-match": String(plain.headers.etag),
      });
      expect(mismatched.status).toBe(200);
    });
  });

  describe("POST /collect", () => {
    it("stores each track call of the stub's leave-time batch once, with the page URL and a server event id", async () => {
      const pixel = await newPixel();
      const other = await newPixel();
      const page = "https://shop.example/thanks?spx_test=&order=7";
      const body = [
        page,
        [
          { "0": "consent", "1": "update", "2": { ad_storage: "denied" } },
          {
            "0": "track",
            "1": {
              pixel_id: pixel.id,
              type: "conversion",
              conversion_type: "purchase",
              revenue: "49.99",
              currency: "EUR",
              properties: { sku: ["SKU-1", "SKU-2"], done: {} },
            },
          },
          ["track", { pixel_id: other.id, type: "conversion" }],
          ["track", { pixel_id: "pix_unknown999", type: "conversion" }],
        ],
      ];
      expectSilent204(await collect(body));
      const [stored] = (await events(pixel)).body.data;
      expect(stored).toMatchObject({
        type: "conversion",
        revenue: 49.99,
        currency: "EUR",
        properties: { sku: ["SKU-1", "SKU-2"] },
        page_url: page,
        source: "browser",
        test: false,
        warnings: [
          'property "done" is an object, not text, a number, a boolean or a list; dropped',
          "no_visitor_id",
        ],
      });
      expect(stored.event_id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await events(other)).body.data).toHaveLength(1);

      // application/json too; the page's spx_test marks the events as tests.
      expectSilent204(
        await collect(
          [
            "https://shop.example/?spx_test=CHECK1",
            [["track", { pixel_id: pixel.id, type: "conversion" }]],
          ],
          "application/json",
        ),
      );
      const listed = (await events(pixel)).body.data;
      expect(listed).toHaveLength(2);
      expect(listed[0]).toMatchObject({ test: true, counted: false });
    });

    it("stores nothing for a batch of junk, and answers 204", async () => {
      const pixel = await newPixel();
      for (const body of [
        [],
        ["https://shop.example/", {}],
        ["https://shop.example/", [null, 5, ["track"], ["consent", "update"]]],
        [1, [["track", { pixel_id: pixel.id }]]],
      ])
        expectSilent204(await collect(body));
      expect((await events(pixel)).body.data).toEqual([]);
    });

    it("stores a beacon event (text/plain) with revenue as a number and shows it, newest first", async () => {
      const pixel = await newPixel();
      const first = eventId();
      const second = eventId();
      expectSilent204(
        await collect({
          pixel_id: pixel.id,
          type: "conversion",
          conversion_type: "purchase",
          revenue: "49.90",
          currency: "eur",
          properties: { sku: 'SKU "1" </script>' },
          event_id: first,
          visitor_id: "visitor_0123456789",
          page_url: "https://shop.example/thanks",
          referrer: "https://shop.example/cart",
          client_time: "2026-11-24T10:00:00.000Z",
        }),
      );
      expectSilent204(
        await collect(
          { pixel_id: pixel.id, type: "conversion", event_id: second },
          "application/json",
        ),
      );

      const listed = await events(pixel);
      expect(listed.status).toBe(200);
      expect(listed.body.success).toBe(true);
      expect(
        listed.body.data.map((e: { event_id: string }) => e.event_id),
      ).toEqual([second, first]);
      expect(listed.body.data[1]).toMatchObject({
        event_id: first,
        type: "conversion",
        conversion_type: "purchase",
        revenue: 49.9,
        currency: "EUR",
        properties: { sku: 'SKU "1" </script>' },
        page_url: "https://shop.example/thanks",
        warnings: [],
      });
      expect(listed.body.data[1].received_at).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/,
      );
    });

    it("keeps the event but drops a revenue that is not a number, with a warning", async () => {
      const pixel = await newPixel();
      expectSilent204(
        await collect({
          pixel_id: pixel.id,
          type: "conversion",
          revenue: "douze €",
          event_id: eventId(),
          visitor_id: "visitor_0123456789",
        }),
      );
      const [stored] = (await events(pixel)).body.data;
      expect(stored.revenue).toBeNull();
      expect(stored.warnings).toEqual([
        'revenue "douze €" is not a number; dropped',
      ]);
    });

    it('reads a written amount with the event\'s currency: "4.350 €" in EUR is 4350, in BHD 4.35', async () => {
      const pixel = await newPixel();
      const ids: string[] = [];
      for (const [revenue, currency] of [
        ["4.350 €", "EUR"],
        ["4.350", "BHD"],
        ["₹1,23,456.00", "INR"],
        ["4.350", undefined],
      ]) {
        ids.push(eventId());
        expectSilent204(
          await collect({
            pixel_id: pixel.id,
            type: "conversion",
            revenue,
            currency,
            event_id: ids[ids.length - 1],
            visitor_id: "v_0123456789abcdef",
          }),
        );
      }
      const stored = (await events(pixel)).body.data as Array<{
        event_id: string;
        revenue: number;
        warnings: string[];
      }>;
      expect(
        ids.map((id) => {
          const e = stored.find((s) => s.event_id === id);
          return [e?.revenue, e?.warnings];
        }),
      ).toEqual([
        [4350, []],
        [4.35, []],
        [123456, []],
        [
          4.35,
          [
            'revenue "4.350" is ambiguous without a currency: read as 4.35, "." taken as the decimal point',
          ],
        ],
      ]);
    });

    it("stores the same event_id for a pixel once", async () => {
      const pixel = await newPixel();
      const id = eventId();
      for (let i = 0; i < 3; i++) {
        expectSilent204(
          await collect({
            pixel_id: pixel.id,
            type: "conversion",
            event_id: id,
          }),
        );
      }
      const listed = await events(pixel);
      expect(listed.body.data).toHaveLength(1);
      const [row] = await sql<{ event_count: number | string }>(
        "SELECT event_count FROM saved_pixels WHERE id = :id",
        { id: pixel.id },
      );
      expect(Number(row.event_count)).toBe(1);
    });

    it("stores text with NUL characters on every database, and the rest of the batch with it", async () => {
      const pixel = await newPixel();
      const withNul = eventId();
      const plain = eventId();
      await Promise.all([
        collect({
          pixel_id: pixel.id,
          type: "conversion",
          conversion_type: "buy\u0000now",
          page_url: "https://shop.example/a\u0000b",
          event_id: withNul,
        }),
        collect({ pixel_id: pixel.id, type: "conversion", event_id: plain }),
      ]);
      const listed = await events(pixel);
      const byId = new Map(
        listed.body.data.map((e: { event_id: string }) => [e.event_id, e]),
      );
      expect(byId.get(plain)).toBeDefined();
      expect(byId.get(withNul)).toMatchObject({
        conversion_type: "buy\uFFFDnow",
        page_url: "https://shop.example/a\uFFFDb",
      });
    });

    it("answers an unknown pixel exactly like a known one, and stores nothing", async () => {
      const pixel = await newPixel();
      const known = await collect({
        pixel_id: pixel.id,
        type: "conversion",
        event_id: eventId(),
      });
      const unknown = await collect({
        pixel_id: "pix_doesnotexist1",
        type: "conversion",
        event_id: eventId(),
      });
      expectSilent204(known);
      expectSilent204(unknown);
      const strip = (r: ApiResponse) =>
        [...r.headers.entries()]
          .filter(([name]) => !["date", "x-request-id"].includes(name))
          .sort();
      expect(strip(unknown)).toEqual(strip(known));
    });

    it.each<[string, string, string]>([
      ["junk text", "not json at all", "text/plain"],
      ["a JSON array", "[1,2,3]", "text/plain"],
      ["a JSON string", '"pix_abc"', "text/plain"],
      ["an empty body", "", "text/plain"],
      [
        "a prototype-polluting body",
        '{"__proto__":{"x":1},"pixel_id":{}}',
        "text/plain",
      ],
      [
        "form data",
        "pixel_id=pix_abc&type=conversion",
        "application/x-www-form-urlencoded",
      ],
      [
        "deeply nested JSON",
        `${"[".repeat(5000)}${"]".repeat(5000)}`,
        "text/plain",
      ],
    ])("answers 204 to %s", async (_name, body, contentType) => {
      expectSilent204(await collect(body, contentType));
    });

    it("answers 400 in the envelope to malformed JSON sent as application/json", async () => {
      const response = await collect("{not json", "application/json");
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        success: false,
        error: { code: "VALIDATION_FAILED" },
      });
    });

    it.each(["text/plain", "application/json"])(
      "answers 413 in the envelope to a %s body over 64 KiB, and stores nothing",
      async (contentType) => {
        const pixel = await newPixel();
        const response = await collect(
          {
            pixel_id: pixel.id,
            type: "conversion",
            event_id: eventId(),
            properties: { pad: "x".repeat(65 * 1024) },
          },
          contentType,
        );
        expect(response.status).toBe(413);
        expect(response.body.error.code).toBe("PAYLOAD_TOO_LARGE");
        expect((await events(pixel)).body.data).toEqual([]);
      },
    );

    it("answers a CORS preflight from any origin", async () => {
      const response = await request(t.baseUrl, "OPTIONS", "/collect", {
        headers: {
          origin: "https://shop.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
      expect(response.status).toBeLessThan(300);
      expect(response.headers.get("access-control-allow-origin")).toMatch(
        /^(\*|https:\/\/shop\.example)$/,
      );
    });
  });

  describe("GET /collect.gif", () => {
    it("stores an event from query parameters and answers a 1×1 GIF", async () => {
      const pixel = await newPixel();
      const id = eventId();
      const query = new URLSearchParams({
        pixel_id: pixel.id,
        type: "conversion",
        conversion_type: "purchase",
        revenue: "10",
        currency: "USD",
        "prop.sku": "A-1",
        event_id: id,
      });
      const response = await fetch(`${t.baseUrl}/collect.gif?${query}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/gif");
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, 6).toString("latin1")).toBe(GIF_MAGIC);
      expect(bytes.readUInt16LE(6)).toBe(1); // width
      expect(bytes.readUInt16LE(8)).toBe(1); // height

      const [stored] = (await events(pixel)).body.data;
      expect(stored).toMatchObject({
        event_id: id,
        revenue: 10,
        currency: "USD",
        properties: { sku: "A-1" },
      });
    });

    it("answers HEAD with the GIF's headers and stores nothing (a safe method)", async () => {
      const pixel = await newPixel();
      const query = new URLSearchParams({
        pixel_id: pixel.id,
        type: "conversion",
        event_id: eventId(),
      });
      const head = await fetch(`${t.baseUrl}/collect.gif?${query}`, {
        method: "HEAD",
      });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-type")).toBe("image/gif");
      expect(head.headers.get("cache-control")).toBe("no-store, max-age=0");
      expect((await events(pixel)).body.data).toEqual([]);
      // The same URL by GET is an event.
      await fetch(`${t.baseUrl}/collect.gif?${query}`);
      expect((await events(pixel)).body.data).toHaveLength(1);
    });

    it("answers the same GIF for an unknown pixel and for no parameters", async () => {
      const known = await newPixel();
      const answers = await Promise.all(
        [
          `?pixel_id=${known.id}&type=conversion&event_id=${eventId()}`,
          "?pixel_id=pix_doesnotexist1&type=conversion",
          "",
          "?pixel_id[]=x&&&=",
        ].map(async (query) => {
          const response = await fetch(`${t.baseUrl}/collect.gif${query}`);
          return {
            status: response.status,
            type: response.headers.get("content-type"),
            body: Buffer.from(await response.arrayBuffer()).toString("base64"),
          };
        }),
      );
      for (const answer of answers) expect(answer).toEqual(answers[0]);
    });
  });

  describe("status and GET /saved-pixels/{id}/events", () => {
    it("turns a pixel from unverified to active with last_event_at, in the object and the filtered list", async () => {
      const pixel = await newPixel();
      const get = () =>
        request(
          t.baseUrl,
          "GET",
          `/saved-pixels/${pixel.id}?account_id=${pixel.account}`,
          { token: pixel.token },
        );
      const list = (status: string) =>
        request(
          t.baseUrl,
          "GET",
          `/saved-pixels?account_id=${pixel.account}&status=${status}`,
          { token: pixel.token },
        );
      const before = await get();
      expect(before.body.data).toMatchObject({
        status: "unverified",
        last_event_at: null,
      });
      expect((await list("unverified")).body.data).toHaveLength(1);
      expect((await list("active")).body.data).toHaveLength(0);

      await collect({
        pixel_id: pixel.id,
        type: "conversion",
        event_id: eventId(),
      });
      await events(pixel); // writes what the collector buffered

      const after = await get();
      expect(after.body.data.status).toBe("active");
      expect(after.body.data.last_event_at).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
      const active = await list("active");
      expect(active.body.data.map((p: { id: string }) => p.id)).toEqual([
        pixel.id,
      ]);
      expect(active.body.data[0].status).toBe("active");
      expect((await list("unverified")).body.data).toHaveLength(0);
      expect((await list("inactive")).body.data).toHaveLength(0);
    });

    it("lists at most 100 events, newest first", async () => {
      const pixel = await newPixel();
      await Promise.all(
        Array.from({ length: 105 }, () =>
          collect({
            pixel_id: pixel.id,
            type: "conversion",
            event_id: eventId(),
          }),
        ),
      );
      const listed = await events(pixel);
      expect(listed.body.data).toHaveLength(100);
      const times = listed.body.data.map(
        (e: { received_at: string }) => e.received_at,
      );
      expect([...times].sort().reverse()).toEqual(times);
    });

    it("is open to a viewer, and another account's pixel is 404", async () => {
      const pixel = await newPixel();
      const viewer = t.token(pixel.account, "viewer");
      const asViewer = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/${pixel.id}/events?account_id=${pixel.account}`,
        { token: viewer },
      );
      expect(asViewer.status).toBe(200);

      const other = t.account();
      const foreign = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/${pixel.id}/events?account_id=${other}`,
        { token: t.token(other) },
      );
      expect(foreign.status).toBe(404);
      expect(foreign.body.error.code).toBe("NOT_FOUND");
    });

    it("drops events for a pixel deleted a moment ago", async () => {
      const pixel = await newPixel();
      // The collector now knows (and caches) the pixel…
      await collect({
        pixel_id: pixel.id,
        type: "conversion",
        event_id: eventId(),
      });
      const removed = await request(
        t.baseUrl,
        "DELETE",
        `/saved-pixels/${pixel.id}?account_id=${pixel.account}`,
        { token: pixel.token },
      );
      expect(removed.status).toBe(204);
      // …so this one passes the cache, and the database must refuse to keep it.
      expectSilent204(
        await collect({
          pixel_id: pixel.id,
          type: "conversion",
          event_id: eventId(),
        }),
      );
      const again = await newPixel({ name: `again ${pixel.id}` });
      await events(again); // flushes the collector's buffer
      expect((await events(pixel)).status).toBe(404);
      const orphans = await sql<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM pixel_events WHERE pixel_id = :id",
        { id: pixel.id },
      );
      expect(Number(orphans[0].n)).toBe(0);
    });
    it("deletes a pixel's events, counting state and report rollups with it", async () => {
      const pixel = await newPixel();
      const transactionOf = `T-${pixel.id}`;
      expectSilent204(
        await collect({
          pixel_id: pixel.id,
          type: "conversion",
          event_id: eventId(),
          transaction_id: transactionOf,
          visitor_id: "v_0123456789abcdef",
          revenue: "12.50",
          currency: "EUR",
        }),
      );
      await events(pixel); // flushes the collector's buffer
      const rowsOf = async (table: string) =>
        Number(
          (
            await sql<{ n: number | string }>(
              `SELECT COUNT(*) AS n FROM ${table} WHERE pixel_id = :id`,
              { id: pixel.id },
            )
          )[0].n,
        );
      const tables = [
        "pixel_events",
        "pixel_transactions",
        "pixel_report_hours",
        "pixel_report_days",
        "pixel_report_hour_totals",
        "pixel_report_day_totals",
      ];
      for (const table of tables)
        expect([table, await rowsOf(table)]).toEqual([table, 1]);
      const removed = await request(
        t.baseUrl,
        "DELETE",
        `/saved-pixels/${pixel.id}?account_id=${pixel.account}`,
        { token: pixel.token },
      );
      expect(removed.status).toBe(204);
      for (const table of [...tables, "pixel_visitors"])
        expect([table, await rowsOf(table)]).toEqual([table, 0]);
    });
  });

  describe("CORS for the API", () => {
    it.each(["PUT", "DELETE"])(
      "lets a builder UI on another origin send %s",
      async (method) => {
        const response = await request(
          t.baseUrl,
          "OPTIONS",
          "/saved-pixels/pix_abcdef123456",
          {
            headers: {
              origin: "https://builder.example",
              "access-control-request-method": method,
              "access-control-request-headers":
                "authorization,content-type,if-match",
            },
          },
        );
        expect(response.status).toBeLessThan(300);
        expect(response.headers.get("access-control-allow-methods")).toContain(
          method,
        );
        expect(response.headers.get("access-control-allow-origin")).toBe(
          "https://builder.example",
        );
      },
    );
  });
});
