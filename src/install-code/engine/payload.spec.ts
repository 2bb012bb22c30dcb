import { printObject } from "./js-layout";
import { buildPayload, listVariables } from "./payload";
import {
  readJavaScriptVariable,
  readTealiumVariable,
} from "./variable-readers";

describe("buildPayload", () => {
  it("orders the fields as the contract does and leaves out absent ones", () => {
    const keys = (config: Parameters<typeof buildPayload>[1]) =>
      buildPayload("pix_1", config, readTealiumVariable).map((e) => e.key);
    expect(keys({ type: "pageview" })).toEqual(["pixel_id", "type"]);
    expect(
      keys({
        type: "conversion",
        conversion_type: "purchase",
        revenue: { source: "fixed", value: "1" },
        currency: { source: "fixed", value: "EUR" },
        properties: [{ key: "a", source: "fixed", value: "" }],
      }),
    ).toEqual([
      "pixel_id",
      "type",
      "conversion_type",
      "revenue",
      "currency",
      "properties",
    ]);
    expect(
      keys({ type: "microconversion", conversion_type: "x", properties: [] }),
    ).toEqual(["pixel_id", "type", "conversion_type"]);
  });

  it("never sends conversion_type with a pageview", () => {
    const payload = buildPayload(
      null,
      { type: "pageview", conversion_type: "x" },
      readTealiumVariable,
    );
    expect(payload.map((e) => e.key)).toEqual(["pixel_id", "type"]);
  });

  it("writes a fixed revenue as a number literal and a preview id as null", () => {
    const code = printObject(
      buildPayload(
        null,
        { type: "conversion", revenue: { source: "fixed", value: "49.90" } },
        readJavaScriptVariable,
      ),
      0,
    );
    expect(code).toBe(
      '{\n  pixel_id: null,\n  type: "conversion",\n  revenue: 49.9,\n}',
    );
  });
});

describe("listVariables", () => {
  it("lists each page variable once, with every use", () => {
    expect(
      listVariables({
        type: "conversion",
        revenue: { source: "variable", value: "order.total" },
        currency: { source: "fixed", value: "EUR" },
        properties: [
          { key: "total", source: "variable", value: "order.total" },
          { key: "sku", source: "variable", value: "sku" },
        ],
      }),
    ).toEqual([
      { path: "order.total", roles: ["revenue", "property total"] },
      { path: "sku", roles: ["property sku"] },
    ]);
  });
});
