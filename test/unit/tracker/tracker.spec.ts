/**
 * The browser tracker (`/t.js`, built from tracker/src/) in jsdom. Every behaviour
 * runs twice: against the minified file `scripts/build-tracker.mjs` writes (what
 * ships) and against the unminified ES5 bundle (so a minifier change that alters
 * behaviour shows up as a difference).
 */
import { execFileSync } from "node:child_process";
import { NO_VISITOR_ID } from "../../../src/collection/event-identity";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "acorn";
import fc from "fast-check";
import { JSDOM } from "jsdom";
import {
  normaliseCollectedEvent,
  parseCollectBody,
  parseCollectQuery,
} from "../../../src/collection/collected-event";
import { normaliseTouchpoint } from "../../../src/pixels/touchpoint";

const ROOT = resolve(__dirname, "../../..");
const PLACEHOLDER = '"__SPX_BASE_URL__"';
const BASE_URL = "https://px.example.com";
const PAGE_URL = "https://shop.example/checkout?step=2&x=%22#done";
const REFERRER = "https://search.example/?q=shoes";
const UUID_V4 =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const EVENT_KEYS = [
  "pixel_id",
  "type",
  "conversion_type",
  "revenue",
  "currency",
  "transaction_id",
  "properties",
  "event_id",
  "visitor_id",
  "test_event_code",
  "page_url",
  "referrer",
  "client_time",
  "dropped",
];

/** The `base` snippet's stub: calls land on `window.spx.q`. */
const STUB =
  "window.spx = window.spx || function () { (window.spx.q = window.spx.q || []).push(arguments); };";
/** A stub that keeps its queue in a closure, like Meta's `fbq` stub. */
const CLOSURE_STUB =
  "(function (w) { if (w.spx) return; var s = function () { s.q.push(arguments); }; s.q = []; w.spx = s; w.oldSpx = s; })(window);";

let built: { code: string; bytes: number; gzipBytes: number };
let unminified: string;
let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), "spx-tracker-"));
  const outFile = join(workDir, "t.js");
  const script =
    "const { buildTracker } = await import(process.env.SPX_BUILD_SCRIPT);" +
    "const r = await buildTracker({ outFile: process.env.SPX_OUT_FILE });" +
    "await buildTracker({ outFile: process.env.SPX_OUT_FILE + '.es5.js', minify: false });" +
    "process.stdout.write(JSON.stringify({ bytes: r.bytes, gzipBytes: r.gzipBytes, outFile: r.outFile }));";
  const stdout = execFileSync(
    process.execPath,
    ["--input-type=module", "-e", script],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        SPX_BUILD_SCRIPT: join(ROOT, "scripts/build-tracker.mjs"),
        SPX_OUT_FILE: outFile,
      },
      encoding: "utf8",
    },
  );
  const report = JSON.parse(stdout);
  expect(report.outFile).toBe(outFile);
  unminified = readFileSync(`${outFile}.es5.js`, "utf8");
  built = {
    code: readFileSync(outFile, "utf8"),
    bytes: report.bytes,
    gzipBytes: report.gzipBytes,
  };
}, 60000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("the built tracker file", () => {
  it("is ES5, small, and keeps the base-URL placeholder as one whole literal", () => {
    expect(() =>
      parse(built.code, { ecmaVersion: 5, sourceType: "script" }),
    ).not.toThrow();
    expect(built.code.split(PLACEHOLDER)).toHaveLength(2);
    expect(built.code.split("__SPX_BASE_URL__")).toHaveLength(2);
    expect(built.bytes).toBe(Buffer.byteLength(built.code));
    expect(built.gzipBytes).toBeGreaterThan(0);
    expect(built.gzipBytes).toBeLessThanOrEqual(4096);
    expect(built.code.length).toBeLessThan(unminified.length / 2);
    expect(() =>
      parse(unminified, { ecmaVersion: 5, sourceType: "script" }),
    ).not.toThrow();
  });

  it("still parses as ES5 once the server has put a URL in the placeholder", () => {
    const served = serve(built.code, 'https://px.example.com/a"b\\c$&');
    expect(() => parse(served, { ecmaVersion: 5 })).not.toThrow();
    expect(served).toContain(JSON.stringify('https://px.example.com/a"b\\c$&'));
  });
});

/** What the server does when it loads the file: put the base URL in as a JSON string. */
function serve(code: string, baseUrl: string): string {
  return code.split(PLACEHOLDER).join(JSON.stringify(baseUrl));
}

type Beacon = "ok" | "false" | "throw" | "missing";
type Fetch = "ok" | "reject" | "throw" | "missing" | "not-a-promise" | "503";
/**
 * How `/pixels/{id}/config.json` answers: a body (200 JSON), a status without
 * a body, "reject" (offline), or "pending" (answered later by `page.answerConfigs`).
 */
type ConfigAnswer = object | number | "reject" | "pending";

interface PageOptions {
  beacon?: Beacon;
  fetch?: Fetch;
  crypto?: boolean;
  baseUrl?: string;
  url?: string;
  /** The runtime config answer; default: active, no piggybacks. */
  config?: ConfigAnswer;
  /** Retry-After on a 503. */
  retryAfter?: string | null;
}

const ACTIVE_NO_PIGGYBACKS = { state: "active", piggyback_pixels: [] };

interface Page {
  window: any;
  beacons: { url: string; body: string }[];
  /** fetch calls to /collect. */
  fetches: { url: string; init: any }[];
  /** fetch calls for runtime configs. */
  configs: { url: string; init: any }[];
  /** Answers the configs still pending with `answer`. */
  answerConfigs(answer: object | number): void;
  /** Every `document.cookie = …` the page saw. */
  cookieWrites: string[];
  /** src of the script elements added to the page, with their nonce and async. */
  scripts(): { src: string; nonce: string | null; async: boolean }[];
  images: string[];
  /** Runs code in the page, as a page script would. */
  run(code: string): any;
  loadTracker(): void;
  /** The JSON bodies sent by beacon or fetch, parsed. */
  bodies(): any[];
}

const variants: [string, () => string][] = [
  ["built", () => built.code],
  ["unminified", () => unminified],
];

describe.each(variants)("tracker (%s)", (_name, trackerCode) => {
  function openPage(options: PageOptions = {}): Page {
    const dom = new JSDOM(
      "<!doctype html><html><head></head><body></body></html>",
      {
        url: options.url ?? PAGE_URL,
        referrer: REFERRER,
        runScripts: "outside-only",
      },
    );
    const window = dom.window as any;
    const beacons: Page["beacons"] = [];
    const fetches: Page["fetches"] = [];
    const configs: Page["configs"] = [];
    const pendingConfigs: ((answer: object | number) => void)[] = [];
    const cookieWrites: string[] = [];
    const images: string[] = [];
    const cookie = Object.getOwnPropertyDescriptor(
      window.Document.prototype,
      "cookie",
    )!;
    Object.defineProperty(window.document, "cookie", {
      configurable: true,
      get() {
        return cookie.get!.call(this);
      },
      set(value: string) {
        cookieWrites.push(value);
        cookie.set!.call(this, value);
      },
    });
    const response = (answer: object | number) =>
      typeof answer === "number"
        ? { ok: false, status: answer, json: () => window.Promise.reject() }
        : {
            ok: true,
            status: 200,
            json: () => window.Promise.resolve(answer),
          };
    const beacon = options.beacon ?? "ok";
    if (beacon !== "missing") {
      Object.defineProperty(window.navigator, "sendBeacon", {
        configurable: true,
        writable: true,
        value(url: string, body: unknown) {
          if (beacon === "throw")
            throw new window.TypeError("sendBeacon failed");
          if (beacon === "false") return false;
          beacons.push({ url, body: body as string });
          return true;
        },
      });
    }
    const fetchMode = options.fetch ?? "ok";
    if (fetchMode !== "missing") {
      window.fetch = (url: string, init: any) => {
        if (fetchMode === "throw") throw new window.TypeError("fetch failed");
        if (url.endsWith("/config.json")) {
          configs.push({ url, init });
          const answer = options.config ?? ACTIVE_NO_PIGGYBACKS;
          if (answer === "reject")
            return window.Promise.reject(new window.TypeError("offline"));
          if (answer === "pending")
            return new window.Promise((resolve: (value: unknown) => void) =>
              pendingConfigs.push((late) => resolve(response(late))),
            );
          return window.Promise.resolve(response(answer));
        }
        fetches.push({ url, init });
        if (fetchMode === "reject")
          return window.Promise.reject(new window.TypeError("offline"));
        if (fetchMode === "not-a-promise") return undefined;
        if (fetchMode === "503")
          return window.Promise.resolve({
            ok: false,
            status: 503,
            headers: {
              get: (name: string) =>
                name.toLowerCase() === "retry-after"
                  ? (options.retryAfter ?? null)
                  : null,
            },
          });
        return window.Promise.resolve({ ok: true, status: 204 });
      };
    }
    window.Image = function Image(this: any) {
      Object.defineProperty(this, "src", {
        set(value: string) {
          images.push(value);
        },
      });
    };
    if (options.crypto === false) {
      Object.defineProperty(window, "crypto", {
        configurable: true,
        value: undefined,
      });
    }
    const code = serve(trackerCode(), options.baseUrl ?? BASE_URL);
    const page: Page = {
      window,
      beacons,
      fetches,
      configs,
      answerConfigs: (answer) => {
        for (const answerOne of pendingConfigs.splice(0)) answerOne(answer);
      },
      cookieWrites,
      scripts: () =>
        [...window.document.querySelectorAll("script")].map((script: any) => ({
          src: script.src,
          nonce: script.getAttribute("nonce"),
          async: script.async,
        })),
      images,
      run: (source) => window.eval(source),
      loadTracker: () => window.eval(code),
      bodies: () => [
        ...beacons.map((sent) => JSON.parse(sent.body)),
        ...fetches.map((sent) => JSON.parse(sent.init.body)),
      ],
    };
    return page;
  }

  /** A page with the stub, the tracker loaded, and one call made. */
  function sendOne(payloadSource: string, options: PageOptions = {}): Page {
    const page = openPage(options);
    page.run(STUB);
    page.loadTracker();
    page.run(`spx("track", ${payloadSource});`);
    return page;
  }

  const flush = () => new Promise((done) => setTimeout(done, 0));

  describe("take-over of window.spx", () => {
    it("drains the queue in order, skipping unknown commands and junk entries", () => {
      const page = openPage();
      page.run(STUB);
      page.run(`
        spx("track", { pixel_id: "pix_first1", type: "pageview" });
        spx("init", { pixel_id: "pix_ignored" });
        spx.q.push(null, 5, "track", [], ["track"], ["track", null]);
        spx("track", { pixel_id: "pix_second", type: "conversion", conversion_type: "purchase" });
        spx.q.push(["track", { pixel_id: "pix_third1", type: "microconversion" }]);
      `);
      expect(page.beacons).toHaveLength(0);
      page.loadTracker();
      expect(page.bodies().map((body) => body.pixel_id)).toEqual([
        "pix_first1",
        "pix_second",
        "pix_third1",
      ]);
      expect(page.run("spx.q.length")).toBe(0);
    });

    it("replaces spx once and marks it; a second copy of t.js neither re-drains nor double-sends", () => {
      const page = openPage();
      page.run(STUB);
      page.run('spx("track", { pixel_id: "pix_queued", type: "pageview" });');
      const stub = page.window.spx;
      page.loadTracker();
      const tracker = page.window.spx;
      expect(tracker).not.toBe(stub);
      expect(typeof tracker).toBe("function");
      expect(tracker.loaded).toBe(true);
      expect(tracker.version).toBe("1");
      expect(tracker.__spxTracker).toBe(true);
      expect(page.beacons).toHaveLength(1);

      page.loadTracker();
      expect(page.window.spx).toBe(tracker);
      expect(page.beacons).toHaveLength(1);

      page.run('spx("track", { pixel_id: "pix_later1", type: "pageview" });');
      expect(page.bodies().map((body) => body.pixel_id)).toEqual([
        "pix_queued",
        "pix_later1",
      ]);
    });

    it("sends later calls at once, including pushes onto spx.q and calls through a kept stub", () => {
      const page = openPage();
      page.run(CLOSURE_STUB);
      page.run('spx("track", { pixel_id: "pix_queued", type: "pageview" });');
      page.loadTracker();
      expect(page.beacons).toHaveLength(1);
      page.run('spx("track", { pixel_id: "pix_direct", type: "pageview" });');
      expect(page.beacons).toHaveLength(2);
      page.run(
        'spx.q.push(["track", { pixel_id: "pix_pushed", type: "pageview" }]);',
      );
      page.run(
        'oldSpx("track", { pixel_id: "pix_oldref", type: "pageview" });',
      );
      expect(page.bodies().map((body) => body.pixel_id)).toEqual([
        "pix_queued",
        "pix_direct",
        "pix_pushed",
        "pix_oldref",
      ]);
      expect(page.run("spx.q.length")).toBe(0);
    });

    it("works when loaded before any stub, and over an array queue or a junk spx", () => {
      const first = openPage();
      first.loadTracker();
      first.run('spx("track", { pixel_id: "pix_nostub", type: "pageview" });');
      expect(first.bodies().map((body) => body.pixel_id)).toEqual([
        "pix_nostub",
      ]);

      const second = openPage();
      second.run(
        'window.spx = [["track", { pixel_id: "pix_inarray", type: "pageview" }]];',
      );
      second.loadTracker();
      expect(second.bodies().map((body) => body.pixel_id)).toEqual([
        "pix_inarray",
      ]);

      for (const junk of [
        "42",
        '"spx"',
        "function () {}",
        '{ q: "not a queue" }',
        "null",
      ]) {
        const page = openPage();
        page.run(`window.spx = ${junk};`);
        expect(() => page.loadTracker()).not.toThrow();
        page.run(
          'spx("track", { pixel_id: "pix_afterjunk", type: "pageview" });',
        );
        expect(page.bodies().map((body) => body.pixel_id)).toEqual([
          "pix_afterjunk",
        ]);
      }
    });

    it("skips the track calls counted in spx.q.n, which today's stub beaconed, and still runs the rest", () => {
      const page = openPage();
      page.run(STUB);
      page.run(`
        spx("consent", "update", { ad_storage: "denied" });
        spx("track", { pixel_id: "pix_sentby", type: "conversion" });
        spx.q.n = 2;
        spx("track", { pixel_id: "pix_notyet", type: "conversion" });
      `);
      page.loadTracker();
      // The consent call was in the beacon too, but only the tracker acts on it.
      expect(page.bodies()).toEqual([
        expect.objectContaining({ pixel_id: "pix_notyet", consent: "denied" }),
      ]);
    });

    it("skips the calls an earlier install code's stub marked sent", () => {
      const page = openPage();
      page.run(STUB);
      page.run(`
        spx("track", { pixel_id: "pix_sentby", type: "pageview" });
        spx.q[0].sent = true;
        spx("track", { pixel_id: "pix_notyet", type: "pageview" });
        spx.q[1].sent = false;
      `);
      page.loadTracker();
      expect(page.bodies().map((body) => body.pixel_id)).toEqual([
        "pix_notyet",
      ]);
    });

    it("keeps the order when a payload getter calls spx while the queue drains", () => {
      const page = openPage();
      page.run(STUB);
      page.run(`
        spx("track", { pixel_id: "pix_one111", get type() { spx("track", { pixel_id: "pix_nested" }); return "pageview"; } });
        spx("track", { pixel_id: "pix_two222", type: "pageview" });
      `);
      page.loadTracker();
      expect(page.bodies().map((body) => body.pixel_id)).toEqual([
        "pix_one111",
        "pix_two222",
        "pix_nested",
      ]);
    });
  });

  describe("the event it sends", () => {
    it("beacons the normalised payload plus event_id, page_url, referrer and client_time", () => {
      const before = Date.now();
      const page = sendOne(`{
        pixel_id: "pix_abc123", type: "conversion", conversion_type: "purchase",
        revenue: "49.99", currency: " eur ",
        properties: { plan: "pro \\"annual\\" </script>", qty: 2, gift: true },
        unknown_field: "dropped", extra: { nested: 1 }
      }`);
      const after = Date.now();
      expect(page.beacons).toHaveLength(1);
      expect(page.beacons[0].url).toBe(`${BASE_URL}/collect`);
      expect(typeof page.beacons[0].body).toBe("string");
      const body = JSON.parse(page.beacons[0].body);
      expect(Object.keys(body)).toEqual(
        EVENT_KEYS.filter(
          (key) =>
            !["dropped", "transaction_id", "test_event_code"].includes(key),
        ),
      );
      expect(body).toEqual({
        pixel_id: "pix_abc123",
        type: "conversion",
        conversion_type: "purchase",
        revenue: "49.99", // text is read by the server's amount parser
        currency: "EUR",
        properties: { plan: 'pro "annual" </script>', qty: 2, gift: true },
        event_id: body.event_id,
        visitor_id: body.visitor_id,
        page_url: PAGE_URL,
        referrer: REFERRER,
        client_time: body.client_time,
      });
      expect(body.event_id).toMatch(UUID_V4);
      expect(body.client_time).toMatch(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
      );
      const time = Date.parse(body.client_time);
      expect(time).toBeGreaterThanOrEqual(before);
      expect(time).toBeLessThanOrEqual(after);
      expect(page.fetches).toHaveLength(0);
      expect(page.images).toHaveLength(0);
    });

    it("leaves out empty optional fields and an empty referrer", () => {
      const page = openPage();
      page.run('Object.defineProperty(document, "referrer", { value: "" });');
      page.loadTracker();
      page.run(
        'spx("track", { pixel_id: "pix_abc123", type: "pageview", conversion_type: "", revenue: undefined, currency: null, properties: {} });',
      );
      const body = page.bodies()[0];
      expect(Object.keys(body)).toEqual([
        "pixel_id",
        "type",
        "event_id",
        "visitor_id",
        "page_url",
        "client_time",
      ]);
    });

    it("gives every call its own event id, from crypto.getRandomValues when present", () => {
      const page = openPage();
      page.run(
        "window.__calls = 0; var g = crypto.getRandomValues.bind(crypto); crypto.getRandomValues = function (a) { window.__calls++; return g(a); };",
      );
      page.loadTracker();
      page.run(
        'for (var i = 0; i < 200; i++) spx("track", { pixel_id: "pix_abc123", type: "pageview" });',
      );
      const ids = page.bodies().map((body) => body.event_id);
      expect(ids).toHaveLength(200);
      expect(new Set(ids).size).toBe(200);
      for (const id of ids) expect(id).toMatch(UUID_V4);
      // One more for the visitor id, made with the first event.
      expect(page.run("window.__calls")).toBe(201);
    });

    it("falls back to Math.random for the event id without crypto", () => {
      const page = sendOne('{ pixel_id: "pix_abc123", type: "pageview" }', {
        crypto: false,
      });
      page.run('spx("track", { pixel_id: "pix_abc123", type: "pageview" });');
      const ids = page.bodies().map((body) => body.event_id);
      expect(ids).toHaveLength(2);
      expect(ids[0]).toMatch(UUID_V4);
      expect(ids[1]).toMatch(UUID_V4);
      expect(ids[0]).not.toBe(ids[1]);
    });

    it("keeps the payload's own event_id (an order id) only when it has the server's shape", () => {
      const page = openPage();
      page.loadTracker();
      page.run(`
        spx("track", { pixel_id: "pix_abc123", type: "conversion", event_id: "order_10042-A" });
        spx("track", { pixel_id: "pix_abc123", type: "conversion", event_id: "short" });
        spx("track", { pixel_id: "pix_abc123", type: "conversion", event_id: "has spaces 123" });
        spx("track", { pixel_id: "pix_abc123", type: "conversion", event_id: 1234567890 });
      `);
      const ids = page.bodies().map((body) => body.event_id);
      expect(ids[0]).toBe("order_10042-A");
      for (const id of ids.slice(1)) expect(id).toMatch(UUID_V4);
    });

    it("strips a trailing slash from the base URL", () => {
      const page = sendOne('{ pixel_id: "pix_abc123", type: "pageview" }', {
        baseUrl: "https://px.example.com/base/",
      });
      expect(page.beacons[0].url).toBe("https://px.example.com/base/collect");
    });

    it("copies plain values and lists from properties, and reports every value it leaves out", () => {
      const page = sendOne(`{
        pixel_id: "pix_abc123", type: "pageview",
        properties: {
          text: "x", empty: "", zero: 0, neg: -1.5, yes: true, no: false,
          nul: null, undef: undefined, nan: NaN, inf: Infinity, obj: { a: 1 }, arr: [1],
          fn: function () {}, date: new Date(0), long: new Array(1201).join("a"),
          skus: ["SKU-1017", "SKU-2042"], many: new Array(52).join("s,").split(","),
          bad: ["a", {}], empty_list: []
        }
      }`);
      const body = page.bodies()[0];
      expect(body.properties).toEqual({
        text: "x",
        empty: "",
        zero: 0,
        neg: -1.5,
        yes: true,
        no: false,
        arr: [1],
        // one past the server's 500, so the server warns that it truncated
        long: "a".repeat(501),
        skus: ["SKU-1017", "SKU-2042"],
        empty_list: [],
      });
      expect(body.dropped).toEqual([
        "NaN:nan",
        "Infinity:inf",
        "object:obj",
        "function:fn",
        "object:date",
        "list_length:many",
        "list_item:bad",
      ]);
      const event = normaliseCollectedEvent(
        parseCollectBody(page.beacons[0].body)!,
        { id: "pix_abc123", config: { type: "pageview" } },
        new Date(),
      )!;
      expect(event.properties.skus).toEqual(["SKU-1017", "SKU-2042"]);
      expect(event.warnings).toEqual([
        'property "nan" is NaN, not text, a number, a boolean or a list; dropped by the tracker',
        'property "inf" is Infinity, not text, a number, a boolean or a list; dropped by the tracker',
        'property "obj" is an object, not text, a number, a boolean or a list; dropped by the tracker',
        'property "fn" is a function, not text, a number, a boolean or a list; dropped by the tracker',
        'property "date" is an object, not text, a number, a boolean or a list; dropped by the tracker',
        'property "many" is a list of more than 50 items; dropped by the tracker',
        'property "bad" is a list holding something other than text and finite numbers; dropped by the tracker',
        'property "long" is longer than 500 characters; truncated',
      ]);
    });

    it("keeps a list read from another frame", () => {
      const page = openPage();
      page.loadTracker();
      const foreign = new JSDOM("", { runScripts: "outside-only" })
        .window as any;
      page.window.__skus = foreign.eval('["SKU-1", 2]');
      page.run(
        'spx("track", { pixel_id: "pix_abc123", type: "pageview", properties: { skus: window.__skus } });',
      );
      expect(page.bodies()[0].properties).toEqual({ skus: ["SKU-1", 2] });
    });

    it("sends at most 20 properties and reports the rest and keys over 50 characters", () => {
      const page = openPage();
      page.loadTracker();
      page.run(`
        var p = {}; p[new Array(52).join("k")] = "long key";
        for (var i = 0; i < 25; i++) p["k" + i] = i;
        spx("track", { pixel_id: "pix_abc123", type: "pageview", properties: p });
      `);
      const body = page.bodies()[0];
      expect(Object.keys(body.properties)).toHaveLength(20);
      expect(body.properties.k0).toBe(0);
      expect(body.properties.k19).toBe(19);
      expect(body.properties.k20).toBeUndefined();
      expect(body.dropped).toEqual([
        "key_length:" + "k".repeat(51),
        "over_limit:5",
      ]);
    });

    it("ignores payloads that are not objects or have no pixel id", () => {
      const page = openPage();
      page.loadTracker();
      for (const junk of [
        "",
        "null",
        "undefined",
        '"pix_abc123"',
        "42",
        '["pix_abc123"]',
        "function () {}",
        "{}",
        '{ pixel_id: "" }',
        "{ pixel_id: 12345678 }",
        '{ pixel_id: { id: "pix_abc123" } }',
        "new Date()",
        "/pix_abc123/",
      ]) {
        expect(() =>
          page.run(`spx("track"${junk ? `, ${junk}` : ""});`),
        ).not.toThrow();
      }
      expect(() =>
        page.run(
          'spx(); spx(null); spx("untrack", { pixel_id: "pix_abc123" });',
        ),
      ).not.toThrow();
      expect(page.beacons).toHaveLength(0);
      expect(page.images).toHaveLength(0);
    });
  });

  describe("revenue", () => {
    // The tracker sends numbers as numbers and text as text; the one amount parser
    // (src/pixels/amount.ts) runs on the server. These tests follow an amount the
    // whole way: page → tracker → the collector's normalisation.
    function storedRevenue(page: Page) {
      const body = page.beacons[page.beacons.length - 1].body;
      return normaliseCollectedEvent(
        parseCollectBody(body)!,
        {
          id: "pix_abc123",
          config: { type: "conversion", conversion_type: "purchase" },
        },
        new Date(),
      )!;
    }
    const revenueWarning = (event: { warnings: string[] }) =>
      event.warnings.some((warning) => warning.startsWith("revenue "));

    const numbers: [string, number][] = [
      ["49.99", 49.99],
      ["0", 0],
      ['"49.99"', 49.99],
      ['" 49.99 "', 49.99],
      ['"1000"', 1000],
      ['"007"', 7],
      ['"1,234.56"', 1234.56],
      ['"1.234,56"', 1234.56],
      ['"€12"', 12],
      ['"12 €"', 12],
      ['"$1,234.56"', 1234.56],
      ['"USD 1,234.56"', 1234.56],
      ['"1,234.56 USD"', 1234.56],
      ['"R$ 1.234,56"', 1234.56],
      ['"1\\u00a0234,56\\u00a0€"', 1234.56],
      ['"1\\u202f234\\u202f567,89 zł"', 1234567.89],
      ['"CHF 1\'234.50"', 1234.5],
      ['"1\\u2019234.50"', 1234.5],
      ['"12,5"', 12.5],
      ['"12,50"', 12.5],
      ['"0,500"', 0.5],
      ['"1,234"', 1234],
      ['"1.234.567"', 1234567],
      ['"1,234,567"', 1234567],
      ['"1,234,567.89"', 1234567.89],
      ['"1.234.567,89"', 1234567.89],
      ['"1,23,456.78"', 123456.78],
      ['".5"', 0.5],
    ];
    it.each(numbers)("%s is stored as the number %p", (source, expected) => {
      const page = sendOne(
        `{ pixel_id: "pix_abc123", type: "conversion", revenue: ${source} }`,
      );
      expect(storedRevenue(page).revenue).toBe(expected);
    });

    it("sends a number as a number and text as text, capped, for the server to read", () => {
      expect(
        sendOne(
          '{ pixel_id: "pix_abc123", type: "conversion", revenue: 12.5 }',
        ).bodies()[0].revenue,
      ).toBe(12.5);
      expect(
        sendOne(
          '{ pixel_id: "pix_abc123", type: "conversion", revenue: "4.350 €" }',
        ).bodies()[0].revenue,
      ).toBe("4.350 €");
      expect(
        sendOne(
          '{ pixel_id: "pix_abc123", type: "conversion", revenue: new Array(400).join("9") }',
        ).bodies()[0].revenue,
      ).toBe("9".repeat(100));
    });

    it.each([
      '"abc"',
      '"-12"',
      '"-€12"',
      '"12,34.5"',
      '"1e3"',
      '"Order 12"',
      "-5",
      "NaN",
      "Infinity",
      "-Infinity",
      "true",
      "{}",
      "[]",
      "{ valueOf: function () { return 5; } }",
      'new Array(400).join("9")',
    ])("%s is not stored, and the event says why", (source) => {
      const page = sendOne(
        `{ pixel_id: "pix_abc123", type: "conversion", revenue: ${source} }`,
      );
      const event = storedRevenue(page);
      expect(event.revenue).toBeNull();
      expect(revenueWarning(event)).toBe(true);
    });

    it.each(["undefined", "null", '""'])("%s is left out", (source) => {
      const page = sendOne(
        `{ pixel_id: "pix_abc123", type: "conversion", revenue: ${source} }`,
      );
      expect("revenue" in page.bodies()[0]).toBe(false);
      expect(revenueWarning(storedRevenue(page))).toBe(false);
    });

    it("stores amounts formatted by common locales as the same number", () => {
      const page = openPage();
      page.loadTracker();
      const locales = [
        "en-US",
        "en-GB",
        "de-DE",
        "fr-FR",
        "de-CH",
        "fr-CH",
        "pt-BR",
        "es-ES",
        "it-IT",
        "nl-NL",
        "sv-SE",
        "pl-PL",
      ];
      const currencies = ["EUR", "USD", "GBP", "CHF", "BRL", "PLN", "SEK"];
      let sent = 0;
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 99_999_999_999 }),
          fc.constantFrom(...locales),
          fc.constantFrom(...currencies),
          fc.boolean(),
          (cents, locale, currency, asCurrency) => {
            const value = cents / 100;
            const text = new Intl.NumberFormat(
              locale,
              asCurrency
                ? { style: "currency", currency }
                : { minimumFractionDigits: 2, maximumFractionDigits: 2 },
            ).format(value);
            page.window.__revenue = text;
            page.run(
              'spx("track", { pixel_id: "pix_abc123", type: "conversion", revenue: window.__revenue });',
            );
            sent++;
            expect({ text, revenue: storedRevenue(page).revenue }).toEqual({
              text,
              revenue: value,
            });
          },
        ),
        { numRuns: 300 },
      );
      expect(page.beacons).toHaveLength(sent);
    });
  });

  describe("transport fallbacks", () => {
    const payload = `{
      pixel_id: "pix_abc123", type: "conversion", conversion_type: "purchase & more",
      revenue: "49.99", currency: "EUR",
      properties: { plan: "pro plan", qty: 2, gift: true }
    }`;

    it.each<Beacon>(["missing", "false", "throw"])(
      "uses fetch with keepalive when sendBeacon is %s",
      (beacon) => {
        const page = sendOne(payload, { beacon });
        expect(page.beacons).toHaveLength(0);
        expect(page.fetches).toHaveLength(1);
        const { url, init } = page.fetches[0];
        expect(url).toBe(`${BASE_URL}/collect`);
        // CORS (the default mode), so a 503 can be read and retried; a string
        // body and no headers: the browser sends text/plain;charset=UTF-8, a
        // simple request without a preflight.
        expect(Object.keys(init).sort()).toEqual([
          "body",
          "keepalive",
          "method",
        ]);
        expect(init.method).toBe("POST");
        expect(init.keepalive).toBe(true);
        expect(typeof init.body).toBe("string");
        expect(JSON.parse(init.body)).toMatchObject({
          pixel_id: "pix_abc123",
          revenue: "49.99",
          properties: { plan: "pro plan", qty: 2, gift: true },
        });
        expect(page.images).toHaveLength(0);
      },
    );

    it.each<[Beacon, Fetch]>([
      ["missing", "missing"],
      ["throw", "throw"],
      ["false", "missing"],
      ["missing", "throw"],
    ])(
      "uses an image request when sendBeacon is %s and fetch is %s",
      (beacon, fetch) => {
        const page = sendOne(payload, { beacon, fetch });
        expect(page.beacons).toHaveLength(0);
        expect(page.images).toHaveLength(1);
        const src = page.images[0];
        expect(
          src.startsWith(
            `${BASE_URL}/collect.gif?pixel_id=pix_abc123&type=conversion&`,
          ),
        ).toBe(true);
        expect(src).toContain("&conversion_type=purchase%20%26%20more&");
        const url = new URL(src);
        expect(url.origin + url.pathname).toBe(`${BASE_URL}/collect.gif`);
        const params = [...url.searchParams];
        const eventId = url.searchParams.get("event_id")!;
        const clientTime = url.searchParams.get("client_time")!;
        expect(eventId).toMatch(UUID_V4);
        expect(params).toEqual([
          ["pixel_id", "pix_abc123"],
          ["type", "conversion"],
          ["conversion_type", "purchase & more"],
          ["revenue", "49.99"],
          ["currency", "EUR"],
          ["event_id", eventId],
          ["client_time", clientTime],
          ["visitor_id", url.searchParams.get("visitor_id")],
          ["page_url", PAGE_URL],
          ["prop.plan", "pro plan"],
          ["prop.qty", "2"],
          ["prop.gift", "true"],
          ["referrer", REFERRER],
        ]);
      },
    );

    it.each([
      ["CJK", "\u65e5\u672c\u8a9e"],
      ["Arabic", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629"],
      ["emoji", "\ud83d\ude00\ud83c\udf89"],
    ])(
      "bounds the image URL for the largest %s properties and names what it left out",
      (script, text) => {
        const page = openPage({ beacon: "missing", fetch: "missing" });
        page.loadTracker();
        page.window.__properties = Object.fromEntries(
          Array.from({ length: 20 }, (_, i) => [
            `key_${String(i).padStart(2, "0")}_${"k".repeat(40)}`,
            text.repeat(Math.ceil(500 / text.length)).slice(0, 500),
          ]),
        );
        page.run(
          'spx("track", { pixel_id: "pix_abc123", type: "pageview", properties: window.__properties, conversion_type: "x", revenue: "1" });',
        );
        expect(page.images).toHaveLength(1);
        const src = page.images[0];
        expect(src.length).toBeLessThanOrEqual(6000);
        const url = new URL(src);
        const sent = [...url.searchParams.keys()]
          .filter((name) => name.startsWith("prop."))
          .map((name) => name.slice(5));
        const omitted = url.searchParams.get("spx_omitted")!.split(",");
        // A property of 500 CJK characters is 4,500 encoded: with the visitor id
        // and page URL first, none fits; two-byte and emoji text still does.
        if (script !== "CJK") expect(sent.length).toBeGreaterThan(0);
        expect(url.searchParams.get("visitor_id")).toMatch(UUID_V4);
        expect([...sent, ...omitted].sort()).toEqual(
          Object.keys(page.window.__properties).sort(),
        );
        expect(url.searchParams.get("event_id")).toMatch(UUID_V4);
        expect(url.searchParams.get("page_url")).toBe(PAGE_URL);
      },
    );

    it("sends lists and drop codes in the image request, as the collector reads them", () => {
      const page = sendOne(
        '{ pixel_id: "pix_abc123", type: "pageview", properties: { content_ids: ["SKU-1017", "SKU-2042"], n: [1, 2], fn: function () {} } }',
        { beacon: "missing", fetch: "missing" },
      );
      const url = new URL(page.images[0]);
      expect(url.searchParams.getAll("prop.content_ids[]")).toEqual([
        "SKU-1017",
        "SKU-2042",
      ]);
      expect(url.searchParams.getAll("dropped")).toEqual(["function:fn"]);
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(key);
        query[key] = all.length > 1 ? all : all[0];
      }
      const event = normaliseCollectedEvent(
        parseCollectQuery(query)!,
        { id: "pix_abc123", config: { type: "pageview" } },
        new Date(),
      )!;
      expect({ ...event.properties }).toEqual({
        content_ids: ["SKU-1017", "SKU-2042"],
        n: ["1", "2"],
      });
      expect(event.warnings).toEqual([
        'property "fn" is a function, not text, a number, a boolean or a list; dropped by the tracker',
      ]);
    });

    it("uses an image request when fetch rejects, and none when it resolves", async () => {
      const rejected = sendOne(payload, { beacon: "missing", fetch: "reject" });
      const resolved = sendOne(payload, { beacon: "missing", fetch: "ok" });
      const odd = sendOne(payload, {
        beacon: "missing",
        fetch: "not-a-promise",
      });
      await flush();
      expect(rejected.fetches).toHaveLength(1);
      expect(rejected.images).toHaveLength(1);
      const fromImage = new URL(rejected.images[0]).searchParams.get(
        "event_id",
      );
      expect(fromImage).toBe(
        JSON.parse(rejected.fetches[0].init.body).event_id,
      );
      expect(resolved.images).toHaveLength(0);
      expect(odd.fetches).toHaveLength(1);
      expect(odd.images).toHaveLength(0);
    });

    it("arrives as the same event by every transport", async () => {
      const pixel = {
        id: "pix_abc123",
        config: { type: "conversion" as const, conversion_type: "purchase" },
      };
      const receivedAt = new Date("2026-01-02T03:04:05.000Z");
      const beaconPage = sendOne(payload);
      const imagePage = sendOne(payload, {
        beacon: "missing",
        fetch: "missing",
      });
      const fromBeacon = normaliseCollectedEvent(
        parseCollectBody(beaconPage.beacons[0].body)!,
        pixel,
        receivedAt,
      )!;
      const url = new URL(imagePage.images[0]);
      const query: Record<string, string> = {};
      for (const [key, value] of url.searchParams) query[key] = value;
      const fromImage = normaliseCollectedEvent(
        parseCollectQuery(query)!,
        pixel,
        receivedAt,
      )!;
      expect(fromBeacon.warnings).toEqual([]);
      expect(fromImage.warnings).toEqual([]);
      expect(fromBeacon.warnings).not.toContain(NO_VISITOR_ID);
      expect({
        ...fromBeacon,
        properties: { ...fromBeacon.properties },
      }).toEqual({
        pixel_id: "pix_abc123",
        event_id: fromBeacon.event_id,
        type: "conversion",
        conversion_type: "purchase & more",
        revenue: 49.99,
        currency: "EUR",
        properties: { plan: "pro plan", qty: 2, gift: true },
        page_url: PAGE_URL,
        referrer: REFERRER,
        client_time: fromBeacon.client_time,
        received_at: "2026-01-02T03:04:05.000Z",
        warnings: fromBeacon.warnings,
        transaction_id: null,
        visitor_id: fromBeacon.visitor_id,
        source: "browser",
        counted: true,
        not_counted_reason: null,
        repeat_rule: 0,
        attribution: null,
        value: 49.99,
        test: false,
      });
      // The image request carries every value as text.
      expect({ ...fromImage, properties: { ...fromImage.properties } }).toEqual(
        {
          ...fromBeacon,
          event_id: fromImage.event_id,
          visitor_id: fromImage.visitor_id,
          client_time: fromImage.client_time,
          properties: { plan: "pro plan", qty: "2", gift: "true" },
        },
      );
    });
    const touchpointKeys = (url: URL) =>
      [...url.searchParams.keys()].filter((key) => key.startsWith("tp."));

    it("carries the click touchpoint and a denied consent in the image request (issue #11)", () => {
      const landing =
        "https://shop.example/?utm_campaign=spring%20sale&utm_source=news&utm_medium=email&utm_content=a%26b&utm_term=shoes&gclid=xyz";
      const conversion =
        '{ pixel_id: "pix_abc123", type: "conversion", conversion_type: "purchase" }';
      const beaconPage = sendOne(conversion, { url: landing });
      const imagePage = sendOne(conversion, {
        url: landing,
        beacon: "missing",
        fetch: "missing",
      });
      const fromBeacon = parseCollectBody(beaconPage.beacons[0].body)!;
      const url = new URL(imagePage.images[0]);
      expect(url.searchParams.get("tp.campaign")).toBe("spring sale");
      const query: Record<string, string> = {};
      for (const [key, value] of url.searchParams) query[key] = value;
      const fromImage = parseCollectQuery(query)!;
      const touchpoint = (raw: typeof fromImage) =>
        normaliseTouchpoint(raw.touchpoint, (warning) => {
          throw new Error(warning);
        });
      expect(touchpoint(fromBeacon)).toEqual({
        type: "click",
        campaign: "spring sale",
        source: "news",
        medium: "email",
        content: "a&b",
        term: "shoes",
        click_id_type: "gclid",
        age_s: expect.any(Number),
      });
      // The collector reads the same touchpoint from the image as from the beacon.
      expect(touchpoint(fromImage)).toEqual(touchpoint(fromBeacon));

      // advanced mode, nothing granted: marked denied, no touchpoint, on this path too.
      const denied = sendOne(
        '{ pixel_id: "pix_abc123", type: "conversion", consent_mode: "advanced" }',
        { url: landing, beacon: "missing", fetch: "missing" },
      );
      const deniedUrl = new URL(denied.images[0]);
      expect(deniedUrl.searchParams.get("consent")).toBe("denied");
      expect(touchpointKeys(deniedUrl)).toEqual([]);
    });

    it("puts the touchpoint before the properties, and leaves out one that cannot fit, whole, saying so", () => {
      const emoji = encodeURIComponent("😀".repeat(50));
      const fits = sendOne(
        `{ pixel_id: "pix_abc123", type: "pageview", properties: { big: "${"\\u4e2d".repeat(500)}" } }`,
        {
          url: `https://shop.example/?utm_campaign=${emoji}&utm_source=${emoji}&utm_medium=${emoji}&utm_content=${emoji}&utm_term=${emoji}`,
          beacon: "missing",
          fetch: "missing",
        },
      );
      const url = new URL(fits.images[0]);
      expect(fits.images[0].length).toBeLessThanOrEqual(8000);
      expect(touchpointKeys(url)).toEqual([
        "tp.type",
        "tp.campaign",
        "tp.source",
        "tp.medium",
        "tp.content",
        "tp.term",
        "tp.age_s",
      ]);
      expect(url.searchParams.get("spx_omitted")).toBe("big");

      // A landing URL's utm_campaign is not bounded by the page: one too long
      // for the URL is left out whole (the collector would drop it anyway).
      const tooLong = sendOne('{ pixel_id: "pix_abc123", type: "pageview" }', {
        url: `https://shop.example/?utm_campaign=${"x".repeat(6000)}`,
        beacon: "missing",
        fetch: "missing",
      });
      const left = new URL(tooLong.images[0]);
      expect(tooLong.images[0].length).toBeLessThanOrEqual(8000);
      expect(touchpointKeys(left)).toEqual([]);
      expect(left.searchParams.getAll("dropped")).toEqual(["image:touchpoint"]);
      expect(left.searchParams.get("page_url")).toContain("utm_campaign=x");
    });
  });

  describe("visitor id (contract §7)", () => {
    it("makes a random id once, keeps it in _spx_vid with the contract's attributes, and sends it with every event", () => {
      const page = sendOne('{ pixel_id: "pix_abc123", type: "pageview" }');
      page.run('spx("track", { pixel_id: "pix_other1", type: "conversion" });');
      const [first, second] = page.bodies();
      expect(first.visitor_id).toMatch(UUID_V4);
      expect(second.visitor_id).toBe(first.visitor_id);
      expect(page.cookieWrites).toHaveLength(1);
      const parts = page.cookieWrites[0].split("; ");
      expect(parts[0]).toBe(`_spx_vid=${first.visitor_id}`);
      const attributes = parts.slice(1);
      expect(attributes).toEqual(
        expect.arrayContaining(["path=/", "SameSite=Lax", "Secure"]),
      );
      expect(attributes.some((a) => /^domain=/i.test(a))).toBe(false);
      const maxAge = Number(
        attributes.find((a) => a.startsWith("max-age="))!.slice(8),
      );
      // At most 13 months, however short: 393 days.
      expect(maxAge).toBeGreaterThan(365 * 86400);
      expect(maxAge).toBeLessThanOrEqual(393 * 86400);
      expect(page.run("document.cookie")).toContain(
        `_spx_vid=${first.visitor_id}`,
      );
    });

    it("leaves Secure off on an http page", () => {
      const page = sendOne('{ pixel_id: "pix_abc123", type: "pageview" }', {
        url: "http://shop.example/",
      });
      expect(page.cookieWrites[0]).not.toMatch(/Secure/);
      expect(page.cookieWrites[0]).toMatch(/SameSite=Lax/);
    });

    it("reuses the id in the cookie on a later page, without writing it again", () => {
      const page = openPage();
      page.run(
        'document.cookie = "other=1; path=/"; document.cookie = "_spx_vid=v_0123456789abcdef; path=/"; document.cookie = "x_spx_vid=nope; path=/";',
      );
      page.cookieWrites.length = 0;
      page.loadTracker();
      page.run('spx("track", { pixel_id: "pix_abc123", type: "pageview" });');
      expect(page.bodies()[0].visitor_id).toBe("v_0123456789abcdef");
      expect(page.cookieWrites).toEqual([]);
    });

    it("replaces a cookie that is not a visitor id, and still sends one id when cookies are refused", () => {
      const page = openPage();
      page.run('document.cookie = "_spx_vid=<script>; path=/";');
      page.loadTracker();
      page.run('spx("track", { pixel_id: "pix_abc123", type: "pageview" });');
      expect(page.bodies()[0].visitor_id).toMatch(UUID_V4);

      const refused = openPage();
      refused.run(
        'Object.defineProperty(document, "cookie", { get: function () { throw new Error("denied"); }, set: function () { throw new Error("denied"); } });',
      );
      refused.loadTracker();
      refused.run(`
        spx("track", { pixel_id: "pix_abc123", type: "pageview" });
        spx("track", { pixel_id: "pix_abc123", type: "pageview" });
      `);
      const [a, b] = refused.bodies();
      expect(a.visitor_id).toMatch(UUID_V4);
      expect(b.visitor_id).toBe(a.visitor_id);
    });

    it("is made without crypto too, and arrives as the collector's visitor_id", () => {
      const page = sendOne('{ pixel_id: "pix_abc123", type: "conversion" }', {
        crypto: false,
      });
      const event = normaliseCollectedEvent(
        parseCollectBody(page.beacons[0].body)!,
        { id: "pix_abc123", config: { type: "conversion" } },
        new Date(),
      )!;
      expect(event.visitor_id).toMatch(UUID_V4);
      expect(event.warnings).toEqual([]);
    });
  });

  describe("transaction_id (contract §7)", () => {
    it("sends text as it is and a number as its text, from every platform's payload", () => {
      const page = openPage();
      page.loadTracker();
      page.run(`
        spx("track", { pixel_id: "pix_abc123", type: "conversion", transaction_id: "A-1001" });
        spx("track", { pixel_id: "pix_abc123", type: "conversion", transaction_id: 1001 });
        spx("track", { pixel_id: "pix_abc123", type: "conversion", transaction_id: 1.5e21 });
        spx("track", { pixel_id: "pix_abc123", type: "conversion", transaction_id: "" });
        spx("track", { pixel_id: "pix_abc123", type: "conversion", transaction_id: null });
      `);
      expect(page.bodies().map((body) => body.transaction_id)).toEqual([
        "A-1001",
        "1001",
        "1.5e+21",
        undefined,
        undefined,
      ]);
      expect(page.bodies()[0].dropped).toBeUndefined();
    });

    it("sends one character past the server's 256, so the server drops it with a warning instead of merging orders", () => {
      const page = sendOne(
        '{ pixel_id: "pix_abc123", type: "conversion", transaction_id: new Array(1000).join("7") }',
      );
      const body = page.bodies()[0];
      expect(body.transaction_id).toBe("7".repeat(257));
      const event = normaliseCollectedEvent(
        parseCollectBody(page.beacons[0].body)!,
        { id: "pix_abc123", config: { type: "conversion" } },
        new Date(),
      )!;
      expect(event.transaction_id).toBeNull();
      expect(event.warnings.join(" ")).toMatch(/longer than 256/);
    });

    it.each(["true", "{ id: 1 }", "NaN", "function () {}", "[1]"])(
      "leaves out %s and says why",
      (source) => {
        const page = sendOne(
          `{ pixel_id: "pix_abc123", type: "conversion", transaction_id: ${source} }`,
        );
        const body = page.bodies()[0];
        expect("transaction_id" in body).toBe(false);
        expect(body.dropped).toHaveLength(1);
        expect(body.dropped[0]).toMatch(/^transaction_id:/);
        const event = normaliseCollectedEvent(
          parseCollectBody(page.beacons[0].body)!,
          { id: "pix_abc123", config: { type: "conversion" } },
          new Date(),
        )!;
        expect(event.warnings).toEqual([
          expect.stringMatching(
            /^transaction_id is .+, not text or a number; dropped by the tracker/,
          ),
        ]);
      },
    );

    it("goes in the image request too, before the properties", () => {
      const page = sendOne(
        '{ pixel_id: "pix_abc123", type: "conversion", transaction_id: "A 1&2", properties: { a: "b" } }',
        {
          beacon: "missing",
          fetch: "missing",
          url: `${PAGE_URL.split("?")[0]}?spx_test=T1`,
        },
      );
      const url = new URL(page.images[0]);
      expect(url.searchParams.get("transaction_id")).toBe("A 1&2");
      expect(url.searchParams.get("test_event_code")).toBe("T1");
      const names = [...url.searchParams.keys()];
      expect(names.indexOf("transaction_id")).toBeLessThan(
        names.indexOf("prop.a"),
      );
    });
  });

  describe("test events (contract §9)", () => {
    it.each([
      ["?spx_test=TEST123", "TEST123"],
      ["?a=1&spx_test=my%20test&b=2", "my test"],
      [`?spx_test=${"x".repeat(50)}`, "x".repeat(50)],
    ])("sends test_event_code from the page URL %s", (query, code) => {
      const page = sendOne('{ pixel_id: "pix_abc123", type: "pageview" }', {
        url: `https://shop.example/p${query}#h`,
      });
      page.run('spx("track", { pixel_id: "pix_abc123", type: "pageview" });');
      expect(page.bodies().map((body) => body.test_event_code)).toEqual([
        code,
        code,
      ]);
    });

    it.each([
      "?spx_test=",
      `?spx_test=${"x".repeat(51)}`,
      "?spx_test=%E0%A4%A",
      "?xspx_test=abc",
      "?a=1#spx_test=abc",
      "",
    ])("sends none for %p", (query) => {
      const page = sendOne('{ pixel_id: "pix_abc123", type: "pageview" }', {
        url: `https://shop.example/p${query}`,
      });
      expect("test_event_code" in page.bodies()[0]).toBe(false);
    });
  });

  describe("runtime config and piggybacks (contract §7)", () => {
    const PIGGYBACKS = {
      state: "active",
      piggyback_pixels: [
        {
          pixel_type: "img",
          url: "https://ads.example/conv?ev={event_id}&order={transaction_id}&v={revenue}&c={currency}&t={conversion_type}&p={pixel_id}&x={unknown}",
        },
        {
          pixel_type: "js",
          url: "https://tags.example/t.js?order={transaction_id}",
        },
      ],
    };
    const ORDER = `{ pixel_id: "pix_abc123", type: "conversion", conversion_type: "purchase & co", revenue: 49.99, currency: "eur", transaction_id: "A/1?&=#2" }`;

    it("fetches the config once per pixel per page, after the event went out, without delaying it", async () => {
      const page = openPage({ config: "pending" });
      page.loadTracker();
      page.run(`
        spx("track", { pixel_id: "pix_abc123", type: "pageview" });
        spx("track", { pixel_id: "pix_abc123", type: "conversion" });
        spx("track", { pixel_id: "pix_xyz789", type: "conversion" });
      `);
      // Every event is sent while both configs are still unanswered.
      expect(page.beacons).toHaveLength(3);
      expect(page.configs.map((c) => c.url)).toEqual([
        `${BASE_URL}/pixels/pix_abc123/config.json`,
        `${BASE_URL}/pixels/pix_xyz789/config.json`,
      ]);
      expect(page.configs[0].init.credentials).toBe("omit");
      page.answerConfigs(ACTIVE_NO_PIGGYBACKS);
      await flush();
      page.run('spx("track", { pixel_id: "pix_abc123", type: "pageview" });');
      await flush();
      expect(page.beacons).toHaveLength(4);
      expect(page.configs).toHaveLength(2);
    });

    it("encodes the pixel id in the config URL", () => {
      const page = sendOne('{ pixel_id: "pix/../x?y", type: "pageview" }');
      expect(page.configs[0].url).toBe(
        `${BASE_URL}/pixels/pix%2F..%2Fx%3Fy/config.json`,
      );
    });

    it("fires each piggyback once per event, after the event, with the placeholders filled and encoded", async () => {
      const page = openPage({ config: "pending" });
      page.loadTracker();
      page.run(`spx("track", ${ORDER});`);
      expect(page.images).toEqual([]);
      expect(page.scripts()).toEqual([]);
      page.answerConfigs(PIGGYBACKS);
      await flush();
      const body = page.bodies()[0];
      expect(page.images).toEqual([
        `https://ads.example/conv?ev=${body.event_id}&order=A%2F1%3F%26%3D%232&v=49.99&c=EUR&t=purchase%20%26%20co&p=pix_abc123&x={unknown}`,
      ]);
      expect(page.scripts()).toEqual([
        {
          src: "https://tags.example/t.js?order=A%2F1%3F%26%3D%232",
          nonce: null,
          async: true,
        },
      ]);
      // A second event fires them again, from the cached config.
      page.run(`spx("track", ${ORDER});`);
      await flush();
      expect(page.images).toHaveLength(2);
      expect(page.scripts()).toHaveLength(2);
      expect(page.configs).toHaveLength(1);
    });

    it("fills an unknown value with nothing, and {revenue} only with a plain amount", async () => {
      const page = openPage({
        config: {
          state: "active",
          piggyback_pixels: [
            {
              pixel_type: "img",
              url: "https://ads.example/c?v={revenue}&o={transaction_id}&c={currency}",
            },
          ],
        },
      });
      page.loadTracker();
      page.run(`
        spx("track", { pixel_id: "pix_abc123", type: "conversion", revenue: "12.50" });
        spx("track", { pixel_id: "pix_abc123", type: "conversion", revenue: "1.234,50 €" });
        spx("track", { pixel_id: "pix_abc123", type: "conversion", revenue: 0 });
      `);
      await flush();
      expect(page.images).toEqual([
        "https://ads.example/c?v=12.50&o=&c=",
        "https://ads.example/c?v=&o=&c=",
        "https://ads.example/c?v=0&o=&c=",
      ]);
    });

    it("gives a js piggyback the page's CSP nonce", async () => {
      const page = openPage({ config: PIGGYBACKS });
      page.run(
        'var s = document.createElement("script"); s.setAttribute("nonce", "n0nc3"); s.nonce = "n0nc3"; document.head.appendChild(s);',
      );
      page.loadTracker();
      page.run(`spx("track", ${ORDER});`);
      await flush();
      const added = page.scripts().filter((s) => s.src);
      expect(added).toEqual([
        {
          src: "https://tags.example/t.js?order=A%2F1%3F%26%3D%232",
          nonce: "n0nc3",
          async: true,
        },
      ]);
    });

    it.each<[string, ConfigAnswer]>([
      [
        "inactive",
        { state: "inactive", piggyback_pixels: PIGGYBACKS.piggyback_pixels },
      ],
      ["a 404", 404],
      ["a 500", 500],
      ["offline", "reject"],
      ["not a config", { piggyback_pixels: PIGGYBACKS.piggyback_pixels }],
      [
        "junk piggybacks",
        { state: "active", piggyback_pixels: "https://x.example/" },
      ],
    ])(
      "fires nothing when the config is %s, and still sends the event",
      async (_what, config) => {
        const page = openPage({ config });
        page.loadTracker();
        page.run(`spx("track", ${ORDER});`);
        await flush();
        await flush();
        expect(page.beacons).toHaveLength(1);
        expect(page.images).toEqual([]);
        expect(page.scripts()).toEqual([]);
      },
    );

    it("fires nothing without fetch, and still sends by image", async () => {
      const page = openPage({
        beacon: "missing",
        fetch: "missing",
        config: PIGGYBACKS,
      });
      page.loadTracker();
      page.run(`spx("track", ${ORDER});`);
      await flush();
      expect(page.images).toHaveLength(1);
      expect(page.images[0]).toContain("/collect.gif?");
    });

    it("never throws into the page: hostile items, a piggyback that cannot be added, a non-http URL", async () => {
      const unhandled: unknown[] = [];
      const page = openPage({
        config: {
          state: "active",
          piggyback_pixels: [
            null,
            { pixel_type: "js", url: "javascript:alert(1)//" },
            { pixel_type: "img", url: "data:image/gif;base64,R0lGOD" },
            { pixel_type: "iframe", url: "https://frame.example/" },
            { pixel_type: "js", url: "https://first.example/a.js" },
            {
              pixel_type: "img",
              url: "https://second.example/b.gif?e={event_id}",
            },
          ],
        },
      });
      page.window.addEventListener("unhandledrejection", (e: unknown) =>
        unhandled.push(e),
      );
      // The first js piggyback's insertion throws; the image after it still fires.
      page.run(
        'var add = Node.prototype.appendChild; Node.prototype.appendChild = function (n) { if (n.src && n.src.indexOf("first.example") >= 0) throw new Error("blocked"); return add.call(this, n); };',
      );
      page.loadTracker();
      expect(() => page.run(`spx("track", ${ORDER});`)).not.toThrow();
      await flush();
      await flush();
      expect(page.scripts()).toEqual([]);
      expect(page.images).toHaveLength(1);
      expect(page.images[0]).toMatch(/^https:\/\/second\.example\/b\.gif\?e=/);
      expect(unhandled).toEqual([]);
    });
  });

  describe("a 503 from the collector (issue #15)", () => {
    it("is retried once, after Retry-After", async () => {
      const page = openPage({
        beacon: "missing",
        fetch: "503",
        retryAfter: "7",
      });
      page.run(
        "window.setTimeout = function (f, ms) { window.__retry = [f, ms]; };",
      );
      page.loadTracker();
      page.run('spx("track", { pixel_id: "pix_abc123", type: "conversion" });');
      await flush();
      expect(page.fetches).toHaveLength(1);
      expect(page.run("window.__retry[1]")).toBe(7000);
      page.run("window.__retry[0]()");
      expect(page.fetches).toHaveLength(2);
      expect(page.fetches[1].init.body).toBe(page.fetches[0].init.body);
      // The retry answered 503 too: no third try, and hiding the page does nothing.
      await flush();
      page.run("window.__retry[0]()");
      page.run(
        'Object.defineProperty(document, "visibilityState", { configurable: true, value: "hidden" }); document.dispatchEvent(new Event("visibilitychange"));',
      );
      expect(page.fetches).toHaveLength(2);
    });

    it("is retried when the page is hidden first, by beacon when it takes it, and only once", async () => {
      const page = openPage({ beacon: "false", fetch: "503" });
      page.run(
        "window.setTimeout = function (f, ms) { window.__retry = [f, ms]; };",
      );
      page.loadTracker();
      page.run('spx("track", { pixel_id: "pix_abc123", type: "conversion" });');
      await flush();
      // No Retry-After: the default delay.
      expect(page.run("window.__retry[1]")).toBe(5000);
      page.run('document.dispatchEvent(new Event("visibilitychange"));');
      expect(page.fetches).toHaveLength(1); // still visible: not yet
      page.run(`
        Object.defineProperty(document, "visibilityState", { configurable: true, value: "hidden" });
        navigator.sendBeacon = function (url, body) { window.__beaconed = [url, body]; return true; };
        document.dispatchEvent(new Event("visibilitychange"));
        document.dispatchEvent(new Event("visibilitychange"));
        window.__retry[0]();
      `);
      expect(page.run("window.__beaconed[0]")).toBe(`${BASE_URL}/collect`);
      expect(JSON.parse(page.run("window.__beaconed[1]")).event_id).toBe(
        JSON.parse(page.fetches[0].init.body).event_id,
      );
      expect(page.fetches).toHaveLength(1);
    });

    it.each([
      ["a date", "Wed, 21 Oct 2026 07:28:00 GMT", 5000],
      ["a day", "86400", 600000],
      ["zero", "0", 0],
    ])(
      "waits a bounded time for Retry-After %s",
      async (_what, retryAfter, ms) => {
        const page = openPage({ beacon: "missing", fetch: "503", retryAfter });
        page.run(
          "window.setTimeout = function (f, ms) { window.__retry = [f, ms]; };",
        );
        page.loadTracker();
        page.run(
          'spx("track", { pixel_id: "pix_abc123", type: "conversion" });',
        );
        await flush();
        expect(page.run("window.__retry[1]")).toBe(ms);
      },
    );

    it("is not retried after a 204", async () => {
      const page = openPage({ beacon: "missing" });
      page.run(
        "window.setTimeout = function (f, ms) { window.__retry = [f, ms]; };",
      );
      page.loadTracker();
      page.run('spx("track", { pixel_id: "pix_abc123", type: "conversion" });');
      await flush();
      expect(page.run("window.__retry")).toBeUndefined();
      expect(page.fetches).toHaveLength(1);
    });
  });

  describe("never throws into the page", () => {
    it("when sendBeacon throws and fetch rejects", async () => {
      const page = openPage({ beacon: "throw", fetch: "reject" });
      page.run(STUB);
      page.loadTracker();
      expect(() =>
        page.run('spx("track", { pixel_id: "pix_abc123", type: "pageview" });'),
      ).not.toThrow();
      await flush();
      expect(page.images).toHaveLength(1);
    });

    it("when every transport throws, or the page broke JSON.stringify", () => {
      const page = openPage({ beacon: "throw", fetch: "throw" });
      page.run('window.Image = function () { throw new Error("blocked"); };');
      page.loadTracker();
      expect(() =>
        page.run('spx("track", { pixel_id: "pix_abc123", type: "pageview" });'),
      ).not.toThrow();
      page.run('JSON.stringify = function () { throw new Error("broken"); };');
      expect(() =>
        page.run('spx("track", { pixel_id: "pix_abc123", type: "pageview" });'),
      ).not.toThrow();
    });

    it("when a property value is cyclic", () => {
      const page = sendOne(
        '(function () { var p = { pixel_id: "pix_abc123", type: "pageview", properties: { a: 1 } }; p.properties.self = p.properties; p.self = p; return p; })()',
      );
      expect(page.bodies()[0].properties).toEqual({ a: 1 });
    });

    it("when getters throw, on the payload or on a property", () => {
      const page = openPage();
      page.loadTracker();
      page.run(`
        var props = { a: 1, b: 2 };
        Object.defineProperty(props, "bad", { enumerable: true, get: function () { throw new Error("no"); } });
        spx("track", { pixel_id: "pix_abc123", type: "pageview", properties: props });
        var payload = { type: "pageview" };
        Object.defineProperty(payload, "pixel_id", { get: function () { throw new Error("no"); } });
        spx("track", payload);
        spx("track", { pixel_id: "pix_abc124", get revenue() { throw new Error("no"); }, get currency() { throw 1; } });
      `);
      const bodies = page.bodies();
      expect(bodies.map((body) => body.pixel_id)).toEqual([
        "pix_abc123",
        "pix_abc124",
      ]);
      expect(bodies[0].properties).toEqual({ a: 1, b: 2 });
      expect("revenue" in bodies[1]).toBe(false);
      expect("currency" in bodies[1]).toBe(false);
    });

    it("when the payload or its properties are hostile proxies", () => {
      const page = openPage();
      page.loadTracker();
      expect(() =>
        page.run(`
          var trap = { get: function () { throw new Error("get"); }, ownKeys: function () { throw new Error("keys"); },
            getPrototypeOf: function () { throw new Error("proto"); }, has: function () { throw new Error("has"); } };
          spx("track", new Proxy({}, trap));
          spx("track", { pixel_id: "pix_abc123", type: "pageview", properties: new Proxy({}, trap) });
        `),
      ).not.toThrow();
      const bodies = page.bodies();
      expect(bodies).toHaveLength(1);
      expect("properties" in bodies[0]).toBe(false);
    });

    it("passes a __proto__ key on as plain data without polluting the page, and the server drops it", () => {
      const page = openPage();
      page.loadTracker();
      page.run(
        'spx("track", { pixel_id: "pix_abc123", type: "pageview", properties: JSON.parse(\'{"__proto__": {"polluted": "yes"}, "constructor": "x", "ok": "fine"}\') });',
      );
      page.run(
        'spx("track", { pixel_id: "pix_abc123", type: "pageview", properties: JSON.parse(\'{"__proto__": "text", "ok": "fine"}\') });',
      );
      expect(page.run("({}).polluted")).toBeUndefined();
      expect(page.run("Object.prototype.ok")).toBeUndefined();
      const bodies = page.bodies();
      expect(bodies[0].properties).toEqual({ constructor: "x", ok: "fine" });
      expect(page.beacons[1].body).toContain(
        '"properties":{"__proto__":"text","ok":"fine"}',
      );
      const event = normaliseCollectedEvent(
        parseCollectBody(page.beacons[1].body)!,
        { id: "pix_abc123", config: { type: "pageview" } },
        new Date(),
      )!;
      expect({ ...event.properties }).toEqual({ ok: "fine" });
      expect(event.warnings).toEqual([
        'property key "__proto__" is not a valid key; dropped',
      ]);
      expect(({} as any).polluted).toBeUndefined();
    });

    it("ignores enumerable junk on Object.prototype", () => {
      const page = openPage({ beacon: "missing", fetch: "missing" });
      page.run('Object.prototype.junk = "x";');
      page.loadTracker();
      page.run(
        'spx("track", { pixel_id: "pix_abc123", type: "pageview", properties: { a: "b" } });',
      );
      const params = [...new URL(page.images[0]).searchParams.keys()];
      expect(params).not.toContain("junk");
      expect(params).not.toContain("prop.junk");
    });

    it("with lone surrogates in values", () => {
      const page = sendOne(
        '{ pixel_id: "pix_abc123", type: "pageview", properties: { s: "a\\ud800b" } }',
        { beacon: "missing", fetch: "missing" },
      );
      expect(page.images).toHaveLength(1);
      expect(new URL(page.images[0]).searchParams.get("prop.s")).toBe("");
    });

    it("for any payload at all", () => {
      const page = openPage();
      page.loadTracker();
      fc.assert(
        fc.property(
          fc.anything({ withObjectString: true, withNullPrototype: true }),
          (payload) => {
            page.window.__payload = payload;
            expect(() =>
              page.run(
                'spx("track", window.__payload); spx(window.__payload);',
              ),
            ).not.toThrow();
          },
        ),
        { numRuns: 300 },
      );
      fc.assert(
        fc.property(fc.dictionary(fc.string(), fc.anything()), (properties) => {
          page.window.__payload = {
            pixel_id: "pix_abc123",
            type: "pageview",
            properties,
            revenue: properties.a,
          };
          const before = page.beacons.length;
          page.run('spx("track", window.__payload);');
          expect(page.beacons).toHaveLength(before + 1);
          const body = JSON.parse(page.beacons[before].body);
          expect(
            Object.keys(body).every((key) => EVENT_KEYS.includes(key)),
          ).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  });
});
