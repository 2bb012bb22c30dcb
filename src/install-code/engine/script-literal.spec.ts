import fc from "fast-check";
import { scriptLiteral } from "./script-literal";

/** What a JavaScript engine makes of the literal. */
const evaluate = (literal: string): unknown =>
  new Function(`return ${literal};`)();

const tricky = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc
    .array(
      fc.constantFrom(
        '"',
        "'",
        "\\",
        "</script>",
        "<!--",
        "-->",
        "{{",
        "{",
        "}}",
        "\u2028",
        "\u2029",
        "\ud800",
        "😀",
        "\n",
        "\0",
        "`",
        "${",
      ),
    )
    .map((parts) => parts.join("")),
);

describe("scriptLiteral", () => {
  it("evaluates back to exactly the same string", () => {
    fc.assert(
      fc.property(tricky, (value) => {
        expect(evaluate(scriptLiteral(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it("is printable ASCII with no markup, GTM reference or line separator in it", () => {
    fc.assert(
      fc.property(tricky, (value) => {
        const literal = scriptLiteral(value);
        expect(literal).toMatch(/^[\x20-\x7e]*$/);
        expect(literal).not.toMatch(/[<>&]|\{\{/);
      }),
      { numRuns: 2000 },
    );
  });

  it("escapes what closes or hides a script", () => {
    expect(scriptLiteral("</script><!--")).toBe(
      '"\\u003c/script\\u003e\\u003c!--"',
    );
    expect(scriptLiteral("a & b")).toBe('"a \\u0026 b"');
    expect(scriptLiteral("\u2028\u2029")).toBe('"\\u2028\\u2029"');
  });

  it('breaks up "{{" so GTM never reads a variable reference', () => {
    expect(scriptLiteral("{{Click URL}}")).toBe('"\\u007b{Click URL}}"');
    expect(scriptLiteral("{{{")).toBe('"\\u007b\\u007b{"');
    expect(scriptLiteral("{ {")).toBe('"{ {"');
  });

  it("uses Prettier's quote: double unless the text has more double quotes", () => {
    expect(scriptLiteral('say "hi"')).toBe(`'say "hi"'`);
    expect(scriptLiteral(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(scriptLiteral(`it's`)).toBe(`"it's"`);
    expect(scriptLiteral(`"it's"`)).toBe(`'"it\\'s"'`);
    expect(scriptLiteral(`'"'"`)).toBe(`"'\\"'\\""`);
  });

  it("escapes control characters and non-ASCII as \\u sequences", () => {
    expect(scriptLiteral("a\nb\tc\r\b\f\0\u001f\u007f")).toBe(
      '"a\\nb\\tc\\r\\b\\f\\u0000\\u001f\\u007f"',
    );
    expect(scriptLiteral("é😀")).toBe('"\\u00e9\\ud83d\\ude00"');
    expect(scriptLiteral("\\")).toBe('"\\\\"');
  });

  it("prints numbers as Prettier does and refuses non-finite ones", () => {
    expect(scriptLiteral(49.9)).toBe("49.9");
    expect(scriptLiteral(Number("10.00"))).toBe("10");
    expect(scriptLiteral(1e21)).toBe("1e21");
    expect(scriptLiteral(0.000001)).toBe("0.000001");
    expect(() => scriptLiteral(NaN)).toThrow(RangeError);
    expect(() => scriptLiteral(Infinity)).toThrow(RangeError);
  });

  it("prints null and booleans", () => {
    expect(scriptLiteral(null)).toBe("null");
    expect(scriptLiteral(true)).toBe("true");
    expect(scriptLiteral(false)).toBe("false");
  });
});
