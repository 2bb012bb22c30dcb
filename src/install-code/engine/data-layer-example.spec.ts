import { gtmDataLayerPush, tealiumData } from "./data-layer-example";
import { listVariables } from "./payload";

const uses = (...paths: string[]) =>
  listVariables({
    type: "conversion",
    revenue: { source: "variable", value: paths[0] },
    properties: paths
      .slice(1)
      .map((value, i) => ({ key: `p${i}`, source: "variable", value })),
  });

describe("gtmDataLayerPush", () => {
  it("puts the event first and spells dotted paths as nested objects", () => {
    expect(
      gtmDataLayerPush(
        "purchase",
        uses("ecommerce.value", "ecommerce.items.0.id", "sku"),
      ),
    ).toEqual([
      { key: "event", value: { kind: "string", value: "purchase" } },
      {
        key: "ecommerce",
        value: {
          kind: "object",
          entries: [
            { key: "value", value: { kind: "atom", code: "0" } },
            {
              key: "items",
              value: {
                kind: "object",
                entries: [
                  {
                    key: "0",
                    value: {
                      kind: "object",
                      entries: [
                        { key: "id", value: { kind: "string", value: "" } },
                      ],
                    },
                  },
                ],
              },
            },
          ],
        },
      },
      { key: "sku", value: { kind: "string", value: "" } },
    ]);
  });

  it("lets the deeper path win where a value and an object meet", () => {
    const push = gtmDataLayerPush(null, uses("order", "order.total"));
    expect(push).toEqual([
      {
        key: "order",
        value: {
          kind: "object",
          entries: [{ key: "total", value: { kind: "string", value: "" } }],
        },
      },
    ]);
  });

  it("leaves out paths it cannot write: __proto__ segments, and event on conversions", () => {
    expect(gtmDataLayerPush("x", uses("a.__proto__.b", "event.name"))).toEqual([
      { key: "event", value: { kind: "string", value: "x" } },
    ]);
    expect(gtmDataLayerPush(null, uses("event"))).toHaveLength(1);
  });
});

describe("tealiumData", () => {
  it("is flat, tealium_event first, one key per variable name", () => {
    expect(
      tealiumData(
        "cart_add",
        uses("order.total", "tealium_event", "__proto__"),
      ).map((e) => e.key),
    ).toEqual(["tealium_event", "order.total"]);
  });
});
