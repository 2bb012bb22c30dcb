import fc from "fast-check";
import type {
  PixelConfig,
  PixelProperty,
  PixelValue,
} from "../../../../src/pixels/pixel-config";
import type { RenderInput } from "../../../../src/install-code/engine";
import {
  isPropertyKey,
  isVariablePath,
} from "../../../../src/pixels/pixel-rules";
import { TRAP } from "./browser";

/** Fragments that break naive generators: quotes, script ends, GTM braces, line separators. */
export const HOSTILE = [
  '"',
  "'",
  "\\",
  "\\u0041",
  "</script>",
  "</SCRIPT >",
  "<script>",
  "<!--",
  "-->",
  "</noscript>",
  "{{",
  "}}",
  "{{{",
  "{{DLV - order.total}}",
  "{{_event}}",
  "\u2028",
  "\u2029",
  "😀",
  "👨‍👩‍👧",
  "中文",
  "é",
  "e\u0301",
  "\n",
  "\r\n",
  "\t",
  "\0",
  "\u007f",
  "\u0085",
  "\ud800",
  "\udfff",
  "`",
  "${",
  "&amp;",
  "&",
  "%",
  "+",
  "#",
  "?",
  "=",
  " ",
  `");window.${TRAP}=1;("`,
  `');window.${TRAP}=1;('`,
  `\\");window.${TRAP}=1;//`,
  `</script><script>window.${TRAP}=1</script>`,
  `<img src=x onerror="window.${TRAP}=1">`,
  `\u2028window.${TRAP}=1`,
  `*/window.${TRAP}=1;/*`,
  // Shell: what would run or expand if the curl artifact quoted a value badly.
  "$(",
  "$HOME",
  "$(touch spx-trap)",
  "`touch spx-trap`",
  "'\\''",
  "!!",
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 90 }) },
);

/** Arbitrary text of `min`–`max` UTF-16 units, rich in hostile fragments. */
export function text(min: number, max: number): fc.Arbitrary<string> {
  return fc
    .array(piece, { maxLength: 16 })
    .map((parts) => parts.join("").slice(0, max))
    .filter((s) => s.length >= min);
}

const identifier = fc.oneof(
  fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,12}$/),
  fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{20,70}$/),
  fc.constantFrom(
    "order",
    "total",
    "ecommerce",
    "value",
    "class",
    "default",
    "if",
    "event",
  ),
);
const segment = fc.oneof(
  { weight: 4, arbitrary: identifier },
  { weight: 1, arbitrary: fc.stringMatching(/^(0|[1-9][0-9]{0,8})$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "constructor",
      "length",
      "__proto__",
      "tealium_event",
    ),
  },
);

/** A page-variable path (pixel-rules VARIABLE_PATH). */
export const variablePath = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: identifier },
      fc.constantFrom("tealium_event", "dataLayer"),
    ),
    fc.array(segment, { maxLength: 5 }),
  )
  .map(([root, rest]) => [root, ...rest].join("."))
  .filter(isVariablePath);

/** A property key (pixel-rules PROPERTY_KEY, reserved names excluded). */
export const propertyKey = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,49}$/),
    fc.constantFrom(
      "sku",
      "brand",
      "size",
      "color",
      "class",
      "if",
      "a",
      "k".repeat(50),
    ),
  )
  .filter(isPropertyKey);

export const fixedRevenue = fc.oneof(
  fc.stringMatching(/^(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/),
  fc.constantFrom("49.99", "0", "10.00", "1200", "999999999999999.999999"),
);
export const currencyCode = fc.constantFrom(
  "EUR",
  "USD",
  "GBP",
  "JPY",
  "CHF",
  "BHD",
);
export const conversionType = fc.oneof(
  fc.constantFrom(
    "purchase",
    "signup",
    "lead",
    "add_to_cart",
    "begin_checkout",
    "contact",
    "download",
    "subscribe",
    "Sign up",
    "newsletter_signup",
  ),
  text(1, 50),
);

function pixelValue(fixed: fc.Arbitrary<string>): fc.Arbitrary<PixelValue> {
  return fc.oneof(
    fixed.map((value) => ({ source: "fixed" as const, value })),
    variablePath.map((value) => ({ source: "variable" as const, value })),
  );
}

const property: fc.Arbitrary<PixelProperty> = fc
  .tuple(propertyKey, pixelValue(text(0, 500)))
  .map(([key, value]) => ({ key, ...value }));

/** Drops keys whose value is undefined, as a validated DTO would not have them. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/** A configuration that passes the contract's PixelConfig validation. */
export const pixelConfig: fc.Arbitrary<PixelConfig> = fc
  .constantFrom(
    "pageview" as const,
    "conversion" as const,
    "microconversion" as const,
  )
  .chain((type) =>
    fc.record({
      type: fc.constant(type),
      conversion_type:
        type === "pageview" ? fc.constant(undefined) : conversionType,
      revenue:
        type === "conversion"
          ? fc.option(pixelValue(fixedRevenue), { nil: undefined })
          : fc.constant(undefined),
      currency: fc.option(pixelValue(currencyCode), { nil: undefined }),
      transaction_id:
        type === "pageview"
          ? fc.constant(undefined)
          : fc.option(
              variablePath.map((value) => ({
                source: "variable" as const,
                value,
              })),
              { nil: undefined },
            ),
      properties: fc.option(
        fc.uniqueArray(property, { selector: (p) => p.key, maxLength: 20 }),
        { nil: undefined },
      ),
    }),
  )
  .map(compact);

export const pixelId = fc.option(fc.stringMatching(/^pix_[a-z0-9]{6,12}$/), {
  nil: null,
});

export const renderInput: fc.Arbitrary<Omit<RenderInput, "platform">> =
  fc.record({
    pixelId,
    name: text(1, 100)
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
    description: fc.option(text(0, 500), { nil: null }),
    config: pixelConfig,
  });

/** Marks a page variable the page does not define. */
export const MISSING = Symbol("missing");

/** A value a page might hold in a variable. */
export const pageValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(MISSING) },
  { weight: 3, arbitrary: text(0, 40) },
  { weight: 2, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.dictionary(identifier, text(0, 10), { maxKeys: 3 }),
  },
);

/** The distinct variable paths a configuration reads. */
export function pathsOf(config: PixelConfig): string[] {
  const values = [
    config.revenue,
    config.currency,
    config.transaction_id,
    ...(config.properties ?? []),
  ];
  return [
    ...new Set(
      values.filter((v) => v?.source === "variable").map((v) => v!.value),
    ),
  ];
}

/** A render input together with page values for the paths it reads. */
export const scenario = renderInput.chain((input) => {
  const paths = pathsOf(input.config);
  return fc
    .array(pageValue, { minLength: paths.length, maxLength: paths.length })
    .map((values) => ({
      input,
      pageValues: paths
        .map((path, i): [string, unknown] => [path, values[i]])
        .filter(([, value]) => value !== MISSING),
    }));
});

/** Test runs: a few hundred by default, more with FC_RUNS=… . */
export function runs(defaultRuns: number): number {
  const fromEnv = Number(process.env.FC_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultRuns;
}
