/**
 * The layout helpers against Prettier itself: random shapes, with widths drawn around
 * the 80-column limit, must print exactly as Prettier prints them.
 */
import fc from "fast-check";
import { printPixelImage } from "../../../src/install-code/engine/html-layout";
import {
  printIfEquals,
  printObject,
  printStringAssignment,
  type JsEntry,
  type JsExpr,
} from "../../../src/install-code/engine/js-layout";
import { HOSTILE, runs } from "./support/arbitraries";
import { PrettierWorker } from "./support/prettier";

const NUM_RUNS = runs(300);
const TIMEOUT = Math.max(60_000, NUM_RUNS * 20);
const prettier = new PrettierWorker();
afterAll(() => prettier.close());

/** ASCII-ish text whose length is often close to what fills a line. */
const text = fc.oneof(
  fc.string({ unit: "binary-ascii", maxLength: 100 }),
  fc
    .array(fc.constantFrom(...HOSTILE, "x", "xxxxxxxxxx"), { maxLength: 20 })
    .map((a) => a.join("")),
);
const identifier = fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,75}$/);
const key = fc.oneof(
  identifier,
  fc.stringMatching(/^(0|[1-9][0-9]{0,8})$/),
  fc.stringMatching(
    /^[A-Za-z_$][A-Za-z0-9_$]{0,30}(\.[A-Za-z0-9_$]{1,20}){1,3}$/,
  ),
);
const segments = fc.array(
  fc.oneof(identifier, fc.stringMatching(/^[0-9]{1,4}$/)),
  {
    minLength: 1,
    maxLength: 6,
  },
);

const leaf: fc.Arbitrary<JsExpr> = fc.oneof(
  text.map((value) => ({ kind: "string" as const, value })),
  fc.constantFrom("0", "null", "49.99", "999999999999999.9").map((code) => ({
    kind: "atom" as const,
    code,
  })),
  segments.map((s) => ({ kind: "read" as const, callee: "v", segments: s })),
  key.map((k) => ({ kind: "member" as const, object: "b", key: k })),
);
const entries: fc.Arbitrary<JsEntry[]> = fc.letrec((tie) => ({
  entries: fc.uniqueArray(
    fc.record({
      key,
      value: fc.oneof(
        { weight: 4, arbitrary: leaf },
        {
          weight: 1,
          arbitrary: (tie("entries") as fc.Arbitrary<JsEntry[]>)
            .filter((e) => e.length > 0)
            .map((e) => ({ kind: "object" as const, entries: e })),
        },
      ),
    }),
    { selector: (e) => e.key, minLength: 1, maxLength: 4 },
  ),
})).entries as fc.Arbitrary<JsEntry[]>;

/** Puts `code` (printed for column `indent`) inside enough blocks to start there. */
function nested(code: string, depth: number): string {
  let source = code;
  for (let level = depth - 1; level >= 0; level--) {
    const pad = "  ".repeat(level);
    source = `${pad}(function () {\n${source}\n${pad}})();`;
  }
  return source + "\n";
}

async function expectStable(
  source: string,
  parser: "babel" | "html" = "babel",
) {
  expect(await prettier.format(source, parser)).toBe(source);
}

describe("layout helpers print what Prettier prints", () => {
  it(
    "object literals, as a call argument at any depth",
    () =>
      fc.assert(
        fc.asyncProperty(
          entries,
          fc.integer({ min: 0, max: 4 }),
          async (e, depth) => {
            const indent = depth * 2;
            await expectStable(
              nested(
                `${" ".repeat(indent)}spx("track", ${printObject(e, indent)});`,
                depth,
              ),
            );
          },
        ),
        { numRuns: NUM_RUNS },
      ),
    TIMEOUT,
  );

  it(
    "string assignments",
    () =>
      fc.assert(
        fc.asyncProperty(
          text,
          fc.integer({ min: 0, max: 4 }),
          async (value, depth) => {
            const indent = depth * 2;
            await expectStable(
              nested(
                `${" ".repeat(indent)}${printStringAssignment("t.src", value, indent)}`,
                depth,
              ),
            );
          },
        ),
        { numRuns: NUM_RUNS },
      ),
    TIMEOUT,
  );

  it(
    'if (x === "…") headers',
    () =>
      fc.assert(
        fc.asyncProperty(
          text,
          fc.integer({ min: 0, max: 3 }),
          async (value, depth) => {
            const indent = depth * 2;
            const pad = " ".repeat(indent);
            const code = `${pad}${printIfEquals("b.tealium_event", value, indent)}\n${pad}  x();\n${pad}}`;
            await expectStable(nested(code, depth));
          },
        ),
        { numRuns: NUM_RUNS },
      ),
    TIMEOUT,
  );

  it(
    "the noscript image, for any URL",
    () =>
      fc.assert(
        fc.asyncProperty(
          fc.string({ unit: "binary-ascii", maxLength: 70 }),
          async (src) => {
            await expectStable(
              `<noscript>\n  ${printPixelImage(src, 2)}\n</noscript>\n`,
              "html",
            );
          },
        ),
        { numRuns: NUM_RUNS },
      ),
    TIMEOUT,
  );
});
