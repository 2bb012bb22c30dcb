import type {
  InstallCode,
  RenderInput,
} from "../../../src/install-code/engine";
import { TRAP } from "./support/browser";
import { ALL_PAGES, GtmEmulator, param } from "./support/gtm-emulator";
import { scriptTexts } from "./support/html";
import { artifact, LOADER_URL, render } from "./support/renderer";

const purchase: RenderInput = {
  pixelId: "pix_gtm001",
  name: "Shop purchase",
  description: "Fires on the thank-you page",
  platform: "gtm",
  config: {
    type: "conversion",
    conversion_type: "purchase",
    revenue: { source: "variable", value: "ecommerce.value" },
    currency: { source: "variable", value: "ecommerce.currency" },
    properties: [
      { key: "sku", source: "variable", value: "ecommerce.items.0.item_id" },
      { key: "brand", source: "fixed", value: "Acme" },
    ],
  },
};

function containerOf(code: InstallCode) {
  return JSON.parse(artifact(code, "container").content).containerVersion;
}

/** Imports the container and lets the site run the `data_layer` artifact. */
function importAndRunDataLayer(code: InstallCode): GtmEmulator {
  const gtm = new GtmEmulator(artifact(code, "container").content);
  gtm.runSiteCode(artifact(code, "data_layer").content);
  return gtm;
}

describe("GTM install code in an emulated Tag Manager", () => {
  it("fires the tag on the data_layer push, with values typed as the data layer holds them", () => {
    const code = render(purchase);
    const gtm = new GtmEmulator(artifact(code, "container").content);
    gtm.push({
      event: "purchase",
      ecommerce: {
        value: 49.9,
        currency: "EUR",
        items: [{ item_id: "SKU-1" }],
      },
    });

    expect(gtm.fired).toEqual(["Saved Pixel - Shop purchase"]);
    const page = gtm.result();
    expect(page.errors).toEqual([]);
    expect(page.queue).toStrictEqual([
      [
        "track",
        {
          pixel_id: "pix_gtm001",
          type: "conversion",
          conversion_type: "purchase",
          revenue: 49.9,
          currency: "EUR",
          properties: { sku: "SKU-1", brand: "Acme" },
        },
      ],
    ]);
    expect(page.scriptSources).toEqual([LOADER_URL]);
  });

  it("passes a data-layer array through unchanged (issue #9)", () => {
    const code = render({
      ...purchase,
      config: {
        ...purchase.config,
        properties: [
          { key: "content_ids", source: "variable", value: "ecommerce.ids" },
        ],
      },
    });
    const gtm = new GtmEmulator(artifact(code, "container").content);
    gtm.push({
      event: "purchase",
      ecommerce: { value: 10, currency: "EUR", ids: ["SKU-1017", "SKU-2042"] },
    });
    const page = gtm.result();
    expect(page.errors).toEqual([]);
    expect(page.queue).toStrictEqual([
      [
        "track",
        {
          pixel_id: "pix_gtm001",
          type: "conversion",
          conversion_type: "purchase",
          revenue: 10,
          currency: "EUR",
          properties: { content_ids: ["SKU-1017", "SKU-2042"] },
        },
      ],
    ]);
  });

  it("reads transaction_id from a Data Layer Variable and hands it to the same tracker (contract §7)", () => {
    const code = render({
      ...purchase,
      config: {
        ...purchase.config,
        properties: [],
        transaction_id: {
          source: "variable",
          value: "ecommerce.transaction_id",
        },
      },
    });
    const container = containerOf(code);
    expect(
      container.variable.map((v: any) => [
        v.type,
        v.parameter.find((p: any) => p.key === "name")?.value,
      ]),
    ).toContainEqual(["v", "ecommerce.transaction_id"]);
    const gtm = new GtmEmulator(artifact(code, "container").content);
    gtm.push({
      event: "purchase",
      ecommerce: { value: 10, currency: "EUR", transaction_id: 1001 },
    });
    const page = gtm.result();
    expect(page.errors).toEqual([]);
    // The tag only queues the call and loads t.js: the tracker does the rest
    // (visitor id, runtime config, piggybacks), as on any page.
    expect(page.scriptSources).toEqual([LOADER_URL]);
    expect(page.queue).toHaveLength(1);
    // The data layer's number, as it is: the tracker turns it into "1001".
    expect(page.queue![0][1]).toMatchObject({
      pixel_id: "pix_gtm001",
      transaction_id: 1001,
    });
  });

  it("has a trigger that matches the event the data_layer artifact pushes", () => {
    const code = render(purchase);
    const gtm = importAndRunDataLayer(code);
    const pushed = gtm.dataLayer.filter(
      (m: any) => typeof m.event === "string",
    ) as any[];
    expect(pushed.map((m) => m.event)).toEqual(["purchase"]);

    const [trigger] = containerOf(code).trigger;
    expect(trigger.type).toBe("CUSTOM_EVENT");
    expect(param(trigger.customEventFilter[0].parameter, "arg1")).toBe(
      "purchase",
    );
    expect(gtm.fired).toHaveLength(1);
    // The example push's placeholders flow through the Data Layer Variables as typed values.
    expect((gtm.result().queue![0][1] as any).revenue).toBe(0);
  });

  it("merges pushes like the data layer helper: later pushes update, missing values are undefined", () => {
    const code = render(purchase);
    const gtm = new GtmEmulator(artifact(code, "container").content);
    gtm.push({
      ecommerce: {
        currency: "USD",
        items: [{ item_id: "A" }, { item_id: "B" }],
      },
    });
    gtm.push({ ecommerce: { items: [{ item_id: "C" }] } });
    gtm.push({ event: "purchase" });

    const payload = gtm.result().queue![0][1] as Record<string, any>;
    expect(Object.keys(payload)).toContain("revenue");
    expect(payload.revenue).toBeUndefined();
    expect(payload.currency).toBe("USD");
    expect(payload.properties).toStrictEqual({ sku: "C", brand: "Acme" });
    expect(gtm.result().errors).toEqual([]);
  });

  it("does not fire on other events", () => {
    const gtm = new GtmEmulator(
      artifact(render(purchase), "container").content,
    );
    gtm.load();
    gtm.push({ event: "add_to_cart" });
    gtm.push({ event: "gtm.dom" });
    expect(gtm.fired).toEqual([]);
    expect(gtm.result().queue).toBeUndefined();
  });

  it("fires a pageview tag on All Pages, with values pushed above the GTM snippet", () => {
    const code = render({
      ...purchase,
      config: {
        type: "pageview",
        properties: [
          { key: "section", source: "variable", value: "page.section" },
        ],
      },
    });
    const container = containerOf(code);
    expect(container.tag[0].firingTriggerId).toEqual([ALL_PAGES]);
    expect(container.trigger).toBeUndefined();
    expect(container.builtInVariable).toBeUndefined();

    const gtm = importAndRunDataLayer(code);
    expect(gtm.fired).toEqual([]);
    gtm.push({ page: { section: "news" } });
    gtm.load();
    expect(gtm.fired).toHaveLength(1);
    expect(gtm.result().queue).toStrictEqual([
      [
        "track",
        {
          pixel_id: "pix_gtm001",
          type: "pageview",
          properties: { section: "news" },
        },
      ],
    ]);
  });

  it("exports a complete, importable container", () => {
    const exported = JSON.parse(
      artifact(render(purchase), "container").content,
    );
    expect(exported.exportFormatVersion).toBe(2);
    expect(exported.exportTime).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
    );
    const version = exported.containerVersion;
    for (const key of [
      "path",
      "accountId",
      "containerId",
      "containerVersionId",
    ]) {
      expect(typeof version[key]).toBe("string");
    }
    expect(version.container.usageContext).toEqual(["WEB"]);
    expect(typeof version.container.fingerprint).toBe("string");
    expect(version.builtInVariable).toEqual([
      expect.objectContaining({ type: "EVENT", name: "Event" }),
    ]);

    const ids = (items: any[], key: string) => items.map((i) => i[key]);
    for (const id of [
      ...ids(version.tag, "tagId"),
      ...ids(version.trigger, "triggerId"),
      ...ids(version.variable, "variableId"),
    ]) {
      expect(id).toMatch(/^[0-9]+$/);
    }
    const [tag] = version.tag;
    expect(tag.type).toBe("html");
    expect(tag.firingTriggerId).toEqual([version.trigger[0].triggerId]);
    expect(tag.notes).toBe("Fires on the thank-you page");
    expect(param(tag.parameter, "supportDocumentWrite")).toBe("false");

    // One Data Layer Variable per distinct path, version 2, no default.
    expect(
      version.variable.map((v: any) => [
        v.name,
        v.type,
        param(v.parameter, "name"),
      ]),
    ).toEqual([
      ["DLV - ecommerce.value", "v", "ecommerce.value"],
      ["DLV - ecommerce.currency", "v", "ecommerce.currency"],
      ["DLV - ecommerce.items.0.item_id", "v", "ecommerce.items.0.item_id"],
    ]);
    for (const variable of version.variable) {
      expect(param(variable.parameter, "dataLayerVersion")).toBe("2");
    }
  });

  it("has a tag artifact equal to the container’s Custom HTML, referencing variables bare", () => {
    const code = render(purchase);
    const html = artifact(code, "tag").content;
    expect(param(containerOf(code).tag[0].parameter, "html")).toBe(html);
    const [script] = scriptTexts(html);
    expect(script).toContain("revenue: {{DLV - ecommerce.value}},");
    expect(script).not.toMatch(/["']\{\{|\}\}["']/);
  });

  it("maps suggested conversion types to GA4 events and keeps custom ones data", () => {
    const eventFor = (conversion_type: string) => {
      const code = render({
        ...purchase,
        config: { type: "microconversion", conversion_type },
      });
      return param(
        containerOf(code).trigger[0].customEventFilter[0].parameter,
        "arg1",
      );
    };
    expect(eventFor("signup")).toBe("sign_up");
    expect(eventFor("lead")).toBe("generate_lead");
    expect(eventFor("add_to_cart")).toBe("add_to_cart");
    expect(eventFor("begin_checkout")).toBe("begin_checkout");
    expect(eventFor("contact")).toBe("contact");
    expect(eventFor("newsletter_2024")).toBe("newsletter_2024");
    expect(eventFor('{{Click URL}} "x"')).toBe("Click_URL_x");
  });

  it("keeps hostile values inert: no {{ in literals, nothing injected, exact payload", () => {
    const hostile = `{{DLV - ecommerce.value}}"); window.${TRAP} = 1; ("</script>{{_event}}`;
    const input: RenderInput = {
      ...purchase,
      name: hostile,
      description: hostile,
      config: {
        type: "microconversion",
        conversion_type: hostile,
        properties: [{ key: "note", source: "fixed", value: hostile }],
      },
    };
    const code = render(input);
    const html = artifact(code, "tag").content;
    expect(html.match(/\{\{/g)).toBeNull();

    const gtm = importAndRunDataLayer(code);
    expect(gtm.fired).toHaveLength(1);
    const page = gtm.result();
    expect((page.window as any)[TRAP]).toBeUndefined();
    expect(page.queue).toStrictEqual([
      [
        "track",
        {
          pixel_id: "pix_gtm001",
          type: "microconversion",
          conversion_type: hostile,
          properties: { note: hostile },
        },
      ],
    ]);
  });

  it("gives the same bytes for the same pixel", () => {
    const first = render(purchase);
    const second = render(JSON.parse(JSON.stringify(purchase)));
    expect(second).toStrictEqual(first);
  });
});
