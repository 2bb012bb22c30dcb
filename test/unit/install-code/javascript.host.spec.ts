import type { RenderInput } from "../../../src/install-code/engine";
import { parseStubBatch } from "../../../src/collection/stub-batch";
import { runPage, TRAP } from "./support/browser";
import { expectedNoscriptParams } from "./support/expected";
import { parseSnippet, scriptTexts } from "./support/html";
import {
  artifact,
  LOADER_URL,
  PUBLIC_BASE_URL,
  render,
} from "./support/renderer";

const purchase: RenderInput = {
  pixelId: "pix_abc123",
  name: "Checkout purchase",
  description: null,
  platform: "javascript",
  config: {
    type: "conversion",
    conversion_type: "purchase",
    revenue: { source: "variable", value: "order.total" },
    currency: { source: "fixed", value: "EUR" },
    properties: [
      { key: "sku", source: "variable", value: "order.items.0.sku" },
      { key: "brand", source: "fixed", value: "Acme" },
    ],
  },
};

function snippets(input: RenderInput) {
  const code = render(input);
  return {
    base: artifact(code, "base").content,
    event: artifact(code, "event").content,
    code,
  };
}

describe("JavaScript install code in a browser (jsdom)", () => {
  it("queues the exact payload, reading page globals when the event runs", () => {
    const { base, event } = snippets(purchase);
    const page = runPage(base, event, (window: any) => {
      window.order = { total: "49.90", items: [{ sku: "SKU-1" }] };
    });

    expect(page.errors).toEqual([]);
    expect(page.queue).toStrictEqual([
      [
        "track",
        {
          pixel_id: "pix_abc123",
          type: "conversion",
          conversion_type: "purchase",
          revenue: "49.90",
          currency: "EUR",
          properties: { sku: "SKU-1", brand: "Acme" },
        },
      ],
    ]);
  });

  it("keeps a number a number and sends a fixed revenue as a JSON number", () => {
    const fixed = snippets({
      ...purchase,
      config: {
        ...purchase.config,
        revenue: { source: "fixed", value: "10.50" },
      },
    });
    const page = runPage(fixed.base, fixed.event, (window: any) => {
      window.order = { items: [{ sku: 7 }] };
    });
    const payload = page.queue![0][1] as Record<string, any>;
    expect(payload.revenue).toBe(10.5);
    expect(payload.properties.sku).toBe(7);
  });

  it("sends undefined for missing variables instead of throwing", () => {
    const { base, event } = snippets(purchase);
    for (const setup of [
      () => undefined,
      (w: any) => (w.order = null),
      (w: any) => (w.order = { items: null }),
      (w: any) => (w.order = { items: [] }),
      (w: any) => (w.order = "a string"),
      (w: any) =>
        Object.defineProperty(w, "order", {
          get() {
            throw new Error("getter throws");
          },
        }),
    ]) {
      const page = runPage(base, event, setup);
      expect(page.errors).toEqual([]);
      const payload = page.queue![0][1] as Record<string, any>;
      expect(Object.keys(payload)).toContain("revenue");
      expect(payload.revenue).toBeUndefined();
      expect(payload.properties).toStrictEqual({
        sku: undefined,
        brand: "Acme",
      });
    }
  });

  describe("when the page leaves before the tracker loads (issue #9)", () => {
    function pageWithBeacon(answer: boolean) {
      const { base, event } = snippets(purchase);
      const beacons: { url: string; body: string }[] = [];
      const page = runPage(base, event, (window: any) => {
        window.order = {
          total: "49.99",
          items: [{ sku: ["SKU-1017", "SKU-2042"] }],
        };
        Object.defineProperty(window.navigator, "sendBeacon", {
          configurable: true,
          value: (url: string, body: string) => {
            beacons.push({ url, body });
            return answer;
          },
        });
      });
      return { page, beacons };
    }

    it("the stub hands the queued calls to sendBeacon once, on pagehide or visibilitychange, for the server to unpack", () => {
      const { page, beacons } = pageWithBeacon(true);
      expect(beacons).toHaveLength(0);
      page.window.dispatchEvent(new page.window.Event("pagehide"));
      page.window.document.dispatchEvent(
        new page.window.Event("visibilitychange"),
      );
      page.window.dispatchEvent(new page.window.Event("pagehide"));
      expect(page.errors).toEqual([]);
      expect(beacons).toHaveLength(1);
      expect(beacons[0].url).toBe(`${PUBLIC_BASE_URL}/collect`);
      const body = JSON.parse(beacons[0].body);
      // [page_url, calls]: src/collection/stub-batch.ts makes the events.
      expect(body).toEqual([
        page.window.location.href,
        [
          {
            "0": "track",
            "1": {
              pixel_id: "pix_abc123",
              type: "conversion",
              conversion_type: "purchase",
              revenue: "49.99",
              currency: "EUR",
              properties: { sku: ["SKU-1017", "SKU-2042"], brand: "Acme" },
            },
          },
        ],
      ]);
      const events = parseStubBatch(body)!;
      expect(events).toHaveLength(1);
      expect(events[0].page_url).toBe(page.window.location.href);
      // What the tracker reads to skip what the stub sent.
      expect((page.window as any).spx.q.n).toBe(1);

      // A call queued after the beacon goes in the next one, alone.
      page.window.eval('spx("track", { pixel_id: "pix_later1" });');
      page.window.dispatchEvent(new page.window.Event("pagehide"));
      expect(beacons).toHaveLength(2);
      expect(JSON.parse(beacons[1].body)[1]).toEqual([
        { "0": "track", "1": { pixel_id: "pix_later1" } },
      ]);
      expect((page.window as any).spx.q.n).toBe(2);
    });

    it("sends a function as {} (the server then names it) and never throws into the page", () => {
      const { page, beacons } = pageWithBeacon(true);
      page.window.eval(
        'spx("track", { pixel_id: "pix_fn1234", properties: { f: function () {} } });' +
          'var c = {}; c.c = c; spx("track", { pixel_id: "pix_cyclic", properties: { c: c } });',
      );
      page.window.dispatchEvent(new page.window.Event("pagehide"));
      expect(page.errors).toEqual([]);
      // The cyclic call makes JSON.stringify throw: nothing is sent and nothing
      // marked, so the tracker sends every call when it arrives.
      expect(beacons).toHaveLength(0);
      expect((page.window as any).spx.q.n).toBeUndefined();
      page.window.eval("spx.q.pop()");
      page.window.dispatchEvent(new page.window.Event("pagehide"));
      expect(JSON.parse(beacons[0].body)[1][1]).toEqual({
        "0": "track",
        "1": { pixel_id: "pix_fn1234", properties: { f: {} } },
      });
    });

    it("keeps a call the browser refused for the next try or the tracker", () => {
      const { page, beacons } = pageWithBeacon(false);
      page.window.dispatchEvent(new page.window.Event("pagehide"));
      page.window.dispatchEvent(new page.window.Event("pagehide"));
      expect(beacons).toHaveLength(2);
      expect((page.window as any).spx.q.n).toBeUndefined();
    });
  });

  it("reads own properties only: a path never walks into a prototype", () => {
    const paths = [
      "dataLayer.constructor",
      "dataLayer.toString",
      "dataLayer.__proto__",
      "order.constructor",
      "order.hasOwnProperty",
      "order.items.push",
      "order.items.length",
      "order.name.length",
      "order.own.constructor",
    ];
    const { base, event } = snippets({
      ...purchase,
      config: {
        type: "pageview",
        properties: paths.map((value, i) => ({
          key: `p${i}`,
          source: "variable" as const,
          value,
        })),
      },
    });
    const page = runPage(base, event, (window: any) => {
      window.dataLayer = 0;
      window.order = {
        items: [1, 2],
        name: "abc",
        own: { constructor: "kept" },
      };
    });
    expect(page.errors).toEqual([]);
    const payload = page.queue![0][1] as Record<string, any>;
    expect(payload.properties).toStrictEqual({
      p0: undefined,
      p1: undefined,
      p2: undefined,
      p3: undefined,
      p4: undefined,
      p5: undefined,
      p6: 2,
      p7: 3,
      p8: "kept",
    });
  });

  it("inserts one async loader for PUBLIC_BASE_URL/t.js, even when base is pasted twice", () => {
    const { base, event } = snippets(purchase);
    const once = runPage(base, event);
    expect(once.scriptSources).toEqual([LOADER_URL]);
    const loader = once.window.document.querySelector(
      "script[src]",
    ) as HTMLScriptElement;
    // A script element added by script is async (HTML's "non-blocking" flag)
    // unless the code clears it; jsdom does not model the flag, so this only
    // checks the code leaves it alone, and Chromium checks the element is async
    // (test/e2e/browser-privacy.e2e-spec.ts, standalone event).
    expect(loader.hasAttribute("async")).toBe(false);

    const twice = runPage(
      `${base}<script>window.first = window.spx;</script>${base}`,
      event,
    );
    expect(twice.scriptSources).toEqual([LOADER_URL]);
    expect((twice.window as any).spx).toBe((twice.window as any).first);
    expect(twice.queue).toHaveLength(1);
  });

  it("never redefines an spx that already exists (e.g. the loaded tracker)", () => {
    const { base, event } = snippets(purchase);
    const calls: unknown[][] = [];
    const page = runPage(base, event, (window: any) => {
      window.spx = (...args: unknown[]) => calls.push(args);
    });
    expect(page.scriptSources).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toBe("track");
  });

  it("omits conversion_type on pageviews and empty optional fields", () => {
    const { base, event } = snippets({
      ...purchase,
      config: { type: "pageview" },
    });
    expect(event).not.toContain("function v(");
    const page = runPage(base, event);
    expect(page.queue).toStrictEqual([
      ["track", { pixel_id: "pix_abc123", type: "pageview" }],
    ]);
  });

  it("works for an unsaved preview, sending pixel_id null", () => {
    const { base, event, code } = snippets({ ...purchase, pixelId: null });
    expect(code.pixel_id).toBeNull();
    const page = runPage(base, event);
    expect((page.queue![0][1] as any).pixel_id).toBeNull();
    expect(code.instructions.join(" ")).toMatch(/preview/i);
  });

  it("carries hostile fixed values exactly and never runs them", () => {
    const hostile = [
      `"); window.${TRAP} = 1; ("`,
      `</script><script>window.${TRAP} = 1</script>`,
      `<!--<script>window.${TRAP} = 1//`,
      `\\'\u2028\u2029{{DLV - x}}\`\${1}`,
    ];
    const input: RenderInput = {
      ...purchase,
      config: {
        type: "microconversion",
        conversion_type: hostile[0],
        currency: { source: "fixed", value: "USD" },
        properties: hostile.map((value, i) => ({
          key: `p${i}`,
          source: "fixed",
          value,
        })),
      },
    };
    const { base, event } = snippets(input);
    const page = runPage(base, event);
    expect((page.window as any)[TRAP]).toBeUndefined();
    expect(page.errors).toEqual([]);
    expect(page.queue).toStrictEqual([
      [
        "track",
        {
          pixel_id: "pix_abc123",
          type: "microconversion",
          conversion_type: hostile[0],
          currency: "USD",
          properties: Object.fromEntries(
            hostile.map((value, i) => [`p${i}`, value]),
          ),
        },
      ],
    ]);
  });

  it("adds a noscript image to collect.gif with every fixed value, HTML-escaped", () => {
    const input: RenderInput = {
      ...purchase,
      config: {
        ...purchase.config,
        revenue: { source: "fixed", value: "49.90" },
        properties: [
          { key: "brand", source: "fixed", value: 'A&B "</noscript>" é' },
          { key: "sku", source: "variable", value: "sku" },
        ],
      },
    };
    const { event } = snippets(input);
    expect(event).toContain("&amp;type=conversion");

    const images = parseSnippet(event).querySelectorAll("noscript > img");
    expect(images).toHaveLength(1);
    expect(images[0].getAttribute("alt")).toBe("");
    expect(images[0].getAttribute("width")).toBe("1");
    expect(images[0].getAttribute("height")).toBe("1");
    expect(images[0].getAttribute("style")).toBe("display: none");
    const src = new URL(images[0].getAttribute("src")!);
    expect(`${src.origin}${src.pathname}`).toBe(
      `${PUBLIC_BASE_URL}/collect.gif`,
    );
    expect([...src.searchParams]).toEqual(
      expectedNoscriptParams(input.pixelId, input.config),
    );
    expect([...src.searchParams].map(([k]) => k)).not.toContain("prop.sku");
    expect(src.searchParams.get("revenue")).toBe("49.90");
  });

  it("is HTML whose only script is the snippet itself", () => {
    const { base, event } = snippets(purchase);
    for (const html of [base, event]) {
      const scripts = scriptTexts(html);
      expect(scripts).toHaveLength(1);
      expect(scripts[0]).toBe(
        html.slice("<script>".length, html.lastIndexOf("</script>")),
      );
    }
  });
});
