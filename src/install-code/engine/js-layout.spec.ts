import {
  printIfEquals,
  printKey,
  printObject,
  printProperty,
  printStringAssignment,
  type JsExpr,
} from "./js-layout";

/** Widths below were measured with Prettier 3 (the layout.prettier spec checks them all). */
const str = (length: number): JsExpr => ({
  kind: "string",
  value: "x".repeat(length),
});
const line = (indent: number, text: string) => `${" ".repeat(indent)}${text}`;

describe("printKey", () => {
  it("quotes only keys that are not identifiers or simple indexes", () => {
    expect(printKey("order_total")).toBe("order_total");
    expect(printKey("class")).toBe("class");
    expect(printKey("0")).toBe("0");
    expect(printKey("123456789")).toBe("123456789");
    expect(printKey("order.total")).toBe('"order.total"');
    expect(printKey("01")).toBe('"01"');
  });
});

describe("printProperty", () => {
  it("keeps a string on the key line up to column 80, then breaks after the colon", () => {
    // "    brand: " + 69 characters of literal + "," = 81 columns.
    expect(printProperty({ key: "brand", value: str(66) }, 4)).toBe(
      `brand: "${"x".repeat(66)}"`,
    );
    expect(printProperty({ key: "brand", value: str(67) }, 4)).toBe(
      `brand:\n${line(6, `"${"x".repeat(67)}"`)}`,
    );
  });

  it("never breaks after a key narrower than five columns", () => {
    expect(printProperty({ key: "sku", value: str(200) }, 4)).toBe(
      `sku: "${"x".repeat(200)}"`,
    );
  });

  it("never moves a number off the key line", () => {
    const key = "k".repeat(90);
    expect(printProperty({ key, value: { kind: "atom", code: "0" } }, 4)).toBe(
      `${key}: 0`,
    );
  });

  it("hugs the segment array of a long page-variable read, with no trailing call comma (ES5)", () => {
    const value: JsExpr = {
      kind: "read",
      callee: "v",
      segments: ["a".repeat(30), "0", "b".repeat(30)],
    };
    expect(printProperty({ key: "sku", value }, 6)).toBe(
      [
        `sku: v([`,
        line(8, `"${"a".repeat(30)}",`),
        line(8, '"0",'),
        line(8, `"${"b".repeat(30)}",`),
        line(6, "])"),
      ].join("\n"),
    );
    expect(
      printProperty(
        { key: "sku", value: { ...value, segments: ["order", "total"] } },
        6,
      ),
    ).toBe('sku: v(["order", "total"])');
  });

  it("breaks a long member lookup inside the brackets, after the colon first for long keys", () => {
    const value = (n: number): JsExpr => ({
      kind: "member",
      object: "b",
      key: "x".repeat(n),
    });
    expect(printProperty({ key: "sku", value: value(70) }, 4)).toBe(
      `sku: b[\n${line(6, `"${"x".repeat(70)}"`)}\n${line(4, "]")}`,
    );
    expect(printProperty({ key: "brand", value: value(64) }, 4)).toBe(
      `brand:\n${line(6, `b["${"x".repeat(64)}"]`)}`,
    );
    expect(printProperty({ key: "brand", value: value(70) }, 4)).toBe(
      `brand:\n${line(6, "b[")}\n${line(8, `"${"x".repeat(70)}"`)}\n${line(6, "]")}`,
    );
  });

  it("moves a nested object below a key that fills the line", () => {
    const value: JsExpr = {
      kind: "object",
      entries: [{ key: "a", value: { kind: "atom", code: "0" } }],
    };
    expect(printProperty({ key: "k".repeat(73), value }, 4)).toBe(
      `${"k".repeat(73)}: {\n${line(6, "a: 0,")}\n${line(4, "}")}`,
    );
    expect(printProperty({ key: "k".repeat(74), value }, 4)).toBe(
      `${"k".repeat(74)}:\n${line(6, "{")}\n${line(8, "a: 0,")}\n${line(6, "}")}`,
    );
  });
});

describe("printObject", () => {
  it("prints every object expanded, one property per line, with trailing commas", () => {
    expect(
      printObject(
        [
          { key: "type", value: { kind: "string", value: "pageview" } },
          {
            key: "properties",
            value: {
              kind: "object",
              entries: [{ key: "a", value: { kind: "atom", code: "null" } }],
            },
          },
        ],
        2,
      ),
    ).toBe(
      [
        "{",
        line(4, 'type: "pageview",'),
        line(4, "properties: {"),
        line(6, "a: null,"),
        line(4, "},"),
        line(2, "}"),
      ].join("\n"),
    );
  });
});

describe("printStringAssignment", () => {
  it('breaks after "=" past column 80', () => {
    expect(printStringAssignment("t.src", "x".repeat(67), 2)).toBe(
      `t.src = "${"x".repeat(67)}";`,
    );
    expect(printStringAssignment("t.src", "x".repeat(68), 2)).toBe(
      `t.src =\n${line(4, `"${"x".repeat(68)}";`)}`,
    );
  });
});

describe("printIfEquals", () => {
  it("uses the flat, the wrapped and the split form as the width requires", () => {
    expect(printIfEquals("b.tealium_event", "x".repeat(51), 0)).toBe(
      `if (b.tealium_event === "${"x".repeat(51)}") {`,
    );
    expect(printIfEquals("b.tealium_event", "x".repeat(52), 0)).toBe(
      `if (\n  b.tealium_event === "${"x".repeat(52)}"\n) {`,
    );
    expect(printIfEquals("b.tealium_event", "x".repeat(57), 0)).toBe(
      `if (\n  b.tealium_event ===\n  "${"x".repeat(57)}"\n) {`,
    );
  });
});
