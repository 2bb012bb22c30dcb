import type {
  InstallCode,
  RenderInput,
} from "../../../src/install-code/engine";
import { TRAP } from "./support/browser";
import { artifact, LOADER_URL, render } from "./support/renderer";
import { runExtension, runTealiumDataLayer } from "./support/tealium-host";

const addToCart: RenderInput = {
  pixelId: "pix_teal01",
  name: "Cart add",
  description: null,
  platform: "tealium",
  config: {
    type: "microconversion",
    conversion_type: "add_to_cart",
    currency: { source: "variable", value: "order_currency" },
    properties: [
      { key: "sku", source: "variable", value: "product.sku" },
      { key: "list", source: "fixed", value: 'homepage "deals"' },
    ],
  },
};

const extensionOf = (code: InstallCode) => artifact(code, "extension").content;

describe("Tealium install code run as a JavaScript Code extension", () => {
  it("fires for its own event with the values of b, and loads the tracker itself", () => {
    const code = render(addToCart);
    const page = runExtension(extensionOf(code), "link", {
      tealium_event: "cart_add",
      order_currency: "EUR",
      "product.sku": "SKU-9",
    });
    expect(page.errors).toEqual([]);
    expect(page.scriptSources).toEqual([LOADER_URL]);
    expect(page.queue).toStrictEqual([
      [
        "track",
        {
          pixel_id: "pix_teal01",
          type: "microconversion",
          conversion_type: "add_to_cart",
          currency: "EUR",
          properties: { sku: "SKU-9", list: 'homepage "deals"' },
        },
      ],
    ]);
  });

  it("reads transaction_id from b and hands it to the same tracker (contract §7)", () => {
    const code = render({
      ...addToCart,
      config: {
        ...addToCart.config,
        properties: [],
        transaction_id: { source: "variable", value: "order_id" },
      },
    });
    const page = runExtension(extensionOf(code), "link", {
      tealium_event: "cart_add",
      order_currency: "EUR",
      order_id: "A-1001",
    });
    expect(page.errors).toEqual([]);
    expect(page.scriptSources).toEqual([LOADER_URL]);
    expect(page.queue).toHaveLength(1);
    expect(page.queue![0][1]).toMatchObject({
      pixel_id: "pix_teal01",
      transaction_id: "A-1001",
    });
  });

  it("passes a product-level array of b through unchanged (issue #9)", () => {
    const page = runExtension(extensionOf(render(addToCart)), "link", {
      tealium_event: "cart_add",
      order_currency: "EUR",
      "product.sku": ["SKU-1017", "SKU-2042"],
    });
    expect(page.errors).toEqual([]);
    expect(page.queue).toStrictEqual([
      [
        "track",
        {
          pixel_id: "pix_teal01",
          type: "microconversion",
          conversion_type: "add_to_cart",
          currency: "EUR",
          properties: {
            sku: ["SKU-1017", "SKU-2042"],
            list: 'homepage "deals"',
          },
        },
      ],
    ]);
  });

  it("fires when utag_data carries its event on a page view too", () => {
    const page = runExtension(extensionOf(render(addToCart)), "view", {
      tealium_event: "cart_add",
    });
    expect(page.queue).toHaveLength(1);
  });

  it("does nothing for another event", () => {
    for (const tealium_event of [
      "purchase",
      "add_to_cart",
      "cart_add ",
      undefined,
    ]) {
      const page = runExtension(extensionOf(render(addToCart)), "link", {
        tealium_event,
      });
      expect(page.queue).toBeUndefined();
      expect(page.scriptSources).toEqual([]);
      expect(page.errors).toEqual([]);
    }
  });

  it("sends undefined for variables missing from b", () => {
    const page = runExtension(extensionOf(render(addToCart)), "link", {
      tealium_event: "cart_add",
    });
    const payload = page.queue![0][1] as Record<string, any>;
    expect(Object.keys(payload)).toContain("currency");
    expect(payload.currency).toBeUndefined();
    expect(payload.properties).toStrictEqual({
      sku: undefined,
      list: 'homepage "deals"',
    });
  });

  it("has a data_layer artifact whose utag.link fires the extension", () => {
    const code = render(addToCart);
    const { links } = runTealiumDataLayer(artifact(code, "data_layer").content);
    expect(links).toHaveLength(1);
    expect(links[0].tealium_event).toBe("cart_add");
    expect(Object.keys(links[0])).toEqual([
      "tealium_event",
      "order_currency",
      "product.sku",
    ]);
    const page = runExtension(extensionOf(code), "link", { ...links[0] });
    expect(page.queue).toHaveLength(1);
  });

  it("reads own properties of b only, never a prototype's member", () => {
    const paths = ["constructor", "toString", "__proto__", "hasOwnProperty"];
    const code = render({
      ...addToCart,
      config: {
        type: "pageview",
        properties: [
          ...paths.map((value, i) => ({
            key: `p${i}`,
            source: "variable" as const,
            value,
          })),
          { key: "own", source: "variable", value: "valueOf" },
        ],
      },
    });
    const page = runExtension(extensionOf(code), "view", { valueOf: "kept" });
    expect(page.errors).toEqual([]);
    expect((page.queue![0][1] as Record<string, any>).properties).toStrictEqual(
      {
        p0: undefined,
        p1: undefined,
        p2: undefined,
        p3: undefined,
        own: "kept",
      },
    );
  });

  it("fires a pageview on every view and never on links", () => {
    const code = render({
      ...addToCart,
      config: {
        type: "pageview",
        properties: [{ key: "lang", source: "variable", value: "language" }],
      },
    });
    const { utagData, links } = runTealiumDataLayer(
      artifact(code, "data_layer").content,
    );
    expect(links).toEqual([]);
    expect(utagData).toEqual({ tealium_event: "page_view", language: "" });

    const view = runExtension(extensionOf(code), "view", { language: "de" });
    expect(view.queue).toStrictEqual([
      [
        "track",
        {
          pixel_id: "pix_teal01",
          type: "pageview",
          properties: { lang: "de" },
        },
      ],
    ]);
    expect(
      runExtension(extensionOf(code), "link", { language: "de" }).queue,
    ).toBeUndefined();
  });

  it("uses Tealium's event names where they exist and custom types exactly as saved", () => {
    const eventFor = (conversion_type: string) => {
      const code = render({
        ...addToCart,
        config: { type: "conversion", conversion_type },
      });
      return runTealiumDataLayer(artifact(code, "data_layer").content).links[0]
        .tealium_event;
    };
    expect(eventFor("purchase")).toBe("purchase");
    expect(eventFor("add_to_cart")).toBe("cart_add");
    expect(eventFor("signup")).toBe("user_register");
    expect(eventFor("subscribe")).toBe("email_signup");
    expect(eventFor("begin_checkout")).toBe("checkout");
    expect(eventFor('Demo "request" </script>')).toBe(
      'Demo "request" </script>',
    );
  });

  it("keeps hostile values inert and exact", () => {
    const hostile = `"); window.${TRAP} = 1; ("\u2028</script>{{x}}\\`;
    const code = render({
      ...addToCart,
      config: {
        type: "conversion",
        conversion_type: hostile,
        properties: [{ key: "x", source: "fixed", value: hostile }],
      },
    });
    const page = runExtension(extensionOf(code), "link", {
      tealium_event: hostile,
    });
    expect((page.window as any)[TRAP]).toBeUndefined();
    expect(page.queue).toStrictEqual([
      [
        "track",
        {
          pixel_id: "pix_teal01",
          type: "conversion",
          conversion_type: hostile,
          properties: { x: hostile },
        },
      ],
    ]);
  });

  it("lists the variables to bulk-import as CSV", () => {
    const csv = artifact(render(addToCart), "variables");
    expect(csv.language).toBe("csv");
    expect(csv.content).toBe(
      [
        'tealium_event, UDO Variable, "Saved Pixels: event name"',
        'order_currency, UDO Variable, "Saved Pixels: currency"',
        'product.sku, UDO Variable, "Saved Pixels: property sku"',
        "",
      ].join("\n"),
    );
  });

  it("leaves Tealium's built-in qp., cp., dom. and meta. variables out of the CSV and the utag.link call, and says why", () => {
    const code = render({
      ...addToCart,
      config: {
        ...addToCart.config,
        properties: [
          { key: "campaign", source: "variable", value: "qp.utm_campaign" },
          { key: "session", source: "variable", value: "cp.session_id" },
          { key: "host", source: "variable", value: "dom.domain" },
          { key: "desc", source: "variable", value: "meta.description" },
          { key: "sku", source: "variable", value: "product.sku" },
        ],
      },
    });
    expect(artifact(code, "variables").content).toBe(
      [
        'tealium_event, UDO Variable, "Saved Pixels: event name"',
        'order_currency, UDO Variable, "Saved Pixels: currency"',
        'product.sku, UDO Variable, "Saved Pixels: property sku"',
        "",
      ].join("\n"),
    );
    const { links } = runTealiumDataLayer(artifact(code, "data_layer").content);
    expect(Object.keys(links[0])).toEqual([
      "tealium_event",
      "order_currency",
      "product.sku",
    ]);
    // The extension still reads them from b, where utag.js put them.
    const page = runExtension(extensionOf(code), "link", {
      tealium_event: "cart_add",
      "qp.utm_campaign": "spring",
      "cp.session_id": "s1",
      "dom.domain": "shop.example",
      "meta.description": "Shop",
      "product.sku": "SKU-1",
    });
    expect((page.queue![0][1] as Record<string, any>).properties).toEqual({
      campaign: "spring",
      session: "s1",
      host: "shop.example",
      desc: "Shop",
      sku: "SKU-1",
    });
    expect(
      code.instructions.some((line) =>
        line.includes(
          'b["qp.utm_campaign"], b["cp.session_id"], b["dom.domain"] and b["meta.description"] are Tealium built-ins',
        ),
      ),
    ).toBe(true);
  });
});
