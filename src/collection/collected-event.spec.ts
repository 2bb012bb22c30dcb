import fc from "fast-check";
import { isIso4217Code } from "../pixels/iso-4217";
import { PixelConfig } from "../pixels/pixel-config";
import { isPropertyKey } from "../pixels/pixel-rules";
import {
  CollectingPixel,
  EVENT_ID_PATTERN,
  MAX_WARNINGS,
  NormalisedEvent,
  RawCollectedEvent,
  collectedPixelId,
  normaliseCollectedEvent,
  parseCollectBody,
  parseCollectQuery,
} from "./collected-event";

const PIXEL: CollectingPixel = {
  id: "pix_abc123",
  config: {
    type: "conversion",
    conversion_type: "purchase",
    revenue: { source: "variable", value: "order.total" },
    currency: { source: "fixed", value: "EUR" },
  },
};
const RECEIVED_AT = new Date("2026-03-04T05:06:07.089Z");
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const GOOD: RawCollectedEvent = {
  pixel_id: "pix_abc123",
  type: "conversion",
  conversion_type: "purchase",
  revenue: 49.99,
  currency: "EUR",
  properties: { plan: "pro", qty: 2, gift: false },
  event_id: "c0ffee00-0000-4000-8000-000000000001",
  page_url: "https://shop.example/thanks?order=1",
  referrer: "https://shop.example/cart",
  client_time: "2026-03-04T05:06:00.000Z",
  visitor_id: "v1s1tor_0123456789abcdef",
};

function normalise(
  overrides: Record<string, unknown>,
  config: PixelConfig = PIXEL.config,
): NormalisedEvent {
  const event = normaliseCollectedEvent(
    { ...GOOD, ...overrides },
    { ...PIXEL, config },
    RECEIVED_AT,
  );
  if (event === null) throw new Error("expected an event");
  return event;
}

/** The event with its prototype-less properties as a plain object, for toEqual. */
function plain(event: NormalisedEvent | null) {
  return event && { ...event, properties: { ...event.properties } };
}

describe("parseCollectBody", () => {
  it("reads the known fields of a JSON object and nothing else", () => {
    const raw = parseCollectBody(
      JSON.stringify({
        ...GOOD,
        extra: "x",
        admin: true,
        properties: { a: 1 },
      }),
    );
    expect(raw).not.toBeNull();
    expect(Object.getPrototypeOf(raw)).toBeNull();
    expect({ ...raw }).toEqual({ ...GOOD, properties: { a: 1 } });
  });

  it("keeps values as they are, for normalisation to judge", () => {
    const raw = parseCollectBody(
      '{"pixel_id": 5, "revenue": "1,234", "properties": [1]}',
    );
    expect({ ...raw }).toEqual({
      pixel_id: 5,
      revenue: "1,234",
      properties: [1],
    });
  });

  it("accepts a leading byte-order mark", () => {
    expect({ ...parseCollectBody('\ufeff{"pixel_id": "pix_abc123"}') }).toEqual(
      {
        pixel_id: "pix_abc123",
      },
    );
  });

  it.each([
    "",
    " ",
    "null",
    "true",
    "42",
    '"pix_abc123"',
    "[]",
    '[{"pixel_id": "pix_abc123"}]',
    "{",
    '{"pixel_id": "pix_abc123"',
    "{'pixel_id': 'pix_abc123'}",
    "pixel_id=pix_abc123",
    "\u0000",
  ])("answers null for %j", (text) => {
    expect(parseCollectBody(text)).toBeNull();
  });

  it("answers null for input that is not a string", () => {
    for (const value of [undefined, null, 5, {}, Buffer.from("{}")]) {
      expect(parseCollectBody(value as unknown as string)).toBeNull();
    }
  });

  it("does not let a __proto__ key reach any prototype", () => {
    const raw = parseCollectBody(
      '{"__proto__": {"polluted": "yes"}, "pixel_id": "pix_abc123", "properties": {"__proto__": {"polluted": "yes"}}}',
    );
    expect(Object.keys(raw!)).toEqual(["pixel_id", "properties"]);
    expect((raw as any).polluted).toBeUndefined();
    expect(({} as any).polluted).toBeUndefined();
  });

  it("never throws, and reads every JSON object", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const raw = parseCollectBody(text);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const isObject =
          parsed !== null &&
          typeof parsed === "object" &&
          !Array.isArray(parsed);
        expect(raw !== null).toBe(isObject);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parseCollectQuery", () => {
  it("reads the body fields and prop.<key> properties, all as text", () => {
    const raw = parseCollectQuery({
      pixel_id: "pix_abc123",
      type: "conversion",
      conversion_type: "purchase",
      revenue: "49.99",
      currency: "EUR",
      "prop.plan": "pro",
      "prop.qty": "2",
      event_id: "evt_12345678",
      page_url: "https://shop.example/",
      referrer: "https://search.example/",
      client_time: "2026-03-04T05:06:00.000Z",
      _: "1712345",
      r: "cache-buster",
    });
    expect(Object.getPrototypeOf(raw)).toBeNull();
    expect(Object.getPrototypeOf(raw!.properties)).toBeNull();
    expect({ ...raw, properties: { ...(raw!.properties as object) } }).toEqual({
      pixel_id: "pix_abc123",
      type: "conversion",
      conversion_type: "purchase",
      revenue: "49.99",
      currency: "EUR",
      properties: { plan: "pro", qty: "2" },
      event_id: "evt_12345678",
      page_url: "https://shop.example/",
      referrer: "https://search.example/",
      client_time: "2026-03-04T05:06:00.000Z",
    });
  });

  it("takes the first value of a repeated parameter and skips missing ones", () => {
    const raw = parseCollectQuery({
      pixel_id: ["pix_abc123", "pix_zzz999"],
      type: [],
      currency: undefined,
      "prop.a": ["1", "2"],
    });
    expect({ ...raw, properties: { ...(raw!.properties as object) } }).toEqual({
      pixel_id: "pix_abc123",
      properties: { a: "1" },
    });
  });

  it('ignores a "properties" parameter and leaves properties out when there are none', () => {
    const raw = parseCollectQuery({
      pixel_id: "pix_abc123",
      properties: '{"a":1}',
    });
    expect({ ...raw }).toEqual({ pixel_id: "pix_abc123" });
  });

  it("keeps prop.__proto__ as a plain key that normalisation then drops", () => {
    const raw = parseCollectQuery(
      JSON.parse(
        '{"pixel_id": "pix_abc123", "type": "conversion", "prop.__proto__": "x", "prop.ok": "y"}',
      ),
    );
    expect(Object.keys(raw!.properties as object)).toEqual(["__proto__", "ok"]);
    const event = normaliseCollectedEvent(raw!, PIXEL, RECEIVED_AT);
    expect({ ...event!.properties }).toEqual({ ok: "y" });
    expect(event!.warnings).toContain(
      'property key "__proto__" is not a valid key; dropped',
    );
    expect(({} as any).x).toBeUndefined();
  });

  it("answers null for a query that is not an object", () => {
    for (const value of [null, undefined, "pixel_id=x", 5, []]) {
      expect(parseCollectQuery(value as any)).toBeNull();
    }
  });

  it("never throws on any query", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.oneof(
            fc.string(),
            fc.constantFrom(
              "pixel_id",
              "revenue",
              "prop.a",
              "prop.__proto__",
              "__proto__",
            ),
          ),
          fc.oneof(fc.string(), fc.array(fc.string()), fc.constant(undefined)),
        ),
        (query) => {
          const raw = parseCollectQuery(query);
          expect(raw).not.toBeNull();
          for (const value of Object.values(raw!)) {
            if (typeof value !== "string") {
              expect(Object.getPrototypeOf(value)).toBeNull();
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("collectedPixelId", () => {
  it.each([
    ["pix_abc123", "pix_abc123"],
    ["pix_0123456789abcdefghij", "pix_0123456789abcdefghij"],
    ["pix_abc12", null],
    ["PIX_ABC123", null],
    ["pix_ABC123", null],
    ["pix_abc123 ", null],
    ["pix_" + "a".repeat(61), null],
    ["", null],
    [12345678, null],
    [undefined, null],
  ])("%j gives %j", (id, expected) => {
    expect(collectedPixelId({ pixel_id: id })).toBe(expected);
  });

  it("answers null for no event", () => {
    expect(collectedPixelId(null)).toBeNull();
  });
});

describe("normaliseCollectedEvent", () => {
  it("keeps a good event exactly, without warnings", () => {
    const event = normaliseCollectedEvent(GOOD, PIXEL, RECEIVED_AT);
    expect(Object.getPrototypeOf(event!.properties)).toBeNull();
    expect(plain(event)).toEqual({
      pixel_id: "pix_abc123",
      event_id: "c0ffee00-0000-4000-8000-000000000001",
      type: "conversion",
      conversion_type: "purchase",
      revenue: 49.99,
      currency: "EUR",
      properties: { plan: "pro", qty: 2, gift: false },
      page_url: "https://shop.example/thanks?order=1",
      referrer: "https://shop.example/cart",
      client_time: "2026-03-04T05:06:00.000Z",
      received_at: "2026-03-04T05:06:07.089Z",
      warnings: [],
      transaction_id: null,
      visitor_id: "v1s1tor_0123456789abcdef",
      source: "browser",
      counted: true,
      not_counted_reason: null,
      repeat_rule: 0,
      attribution: null,
      value: 49.99,
      test: false,
    });
  });

  it("gives absent optional fields null (and empty properties) without warnings", () => {
    const event = normaliseCollectedEvent(
      {
        pixel_id: "pix_abc123",
        type: "pageview",
        event_id: "evt_12345678",
        referrer: "",
      },
      { id: "pix_abc123", config: { type: "pageview" } },
      RECEIVED_AT,
    );
    expect(plain(event)).toEqual({
      pixel_id: "pix_abc123",
      event_id: "evt_12345678",
      type: "pageview",
      conversion_type: null,
      revenue: null,
      currency: null,
      properties: {},
      page_url: null,
      referrer: null,
      client_time: null,
      received_at: "2026-03-04T05:06:07.089Z",
      warnings: [],
      transaction_id: null,
      visitor_id: null,
      source: "browser",
      counted: true,
      not_counted_reason: null,
      repeat_rule: 0,
      attribution: null,
      value: null,
      test: false,
    });
  });

  describe("pixel_id", () => {
    it.each([
      undefined,
      null,
      5,
      "",
      ["pix_abc123"],
      { id: "pix_abc123" },
      "pix_other1",
      "PIX_ABC123",
    ])("drops the event when pixel_id is %j", (pixelId) => {
      expect(
        normaliseCollectedEvent(
          { ...GOOD, pixel_id: pixelId },
          PIXEL,
          RECEIVED_AT,
        ),
      ).toBeNull();
    });

    it("drops an event that is not an object", () => {
      for (const raw of [null, undefined, "pix_abc123", 5]) {
        expect(
          normaliseCollectedEvent(raw as any, PIXEL, RECEIVED_AT),
        ).toBeNull();
      }
    });
  });

  describe("type", () => {
    it.each<[unknown, string]>([
      [
        "pageview",
        'type "pageview" is not the pixel\'s type "conversion"; recorded as "conversion"',
      ],
      [
        "Conversion",
        'type "Conversion" is not the pixel\'s type "conversion"; recorded as "conversion"',
      ],
      [
        7,
        'type 7 is not the pixel\'s type "conversion"; recorded as "conversion"',
      ],
      [
        undefined,
        'type is missing; recorded as the pixel\'s type "conversion"',
      ],
      [null, 'type is missing; recorded as the pixel\'s type "conversion"'],
    ])(
      "keeps the event with the pixel type when type is %j",
      (type, warning) => {
        const event = normalise({ type });
        expect(event.type).toBe("conversion");
        expect(event.warnings).toEqual([warning]);
      },
    );
  });

  describe("conversion_type", () => {
    it.each<[unknown, string | null, string[]]>([
      ["purchase", "purchase", []],
      ["  sign up  ", "sign up", []],
      ["x".repeat(50), "x".repeat(50), []],
      [
        "x".repeat(51),
        null,
        ["conversion_type is longer than 50 characters; dropped"],
      ],
      ["", null, []],
      [null, null, []],
      [12, null, ["conversion_type 12 is not text; dropped"]],
      [{ a: 1 }, null, ["conversion_type an object is not text; dropped"]],
      [
        "buy\u0000now",
        "buy\uFFFDnow",
        ["conversion_type contained NUL characters; replaced with U+FFFD"],
      ],
    ])("%j gives %j", (value, expected, warnings) => {
      const event = normalise({ conversion_type: value });
      expect(event.conversion_type).toBe(expected);
      expect(event.warnings).toEqual(warnings);
    });
  });

  describe("revenue", () => {
    it.each<[unknown, number | null, string[]]>([
      [49.99, 49.99, []],
      [0, 0, []],
      [1200, 1200, []],
      ["49.99", 49.99, []],
      [" 49.99 ", 49.99, []],
      ["\t0\n", 0, []],
      ["007", 7, []],
      ["999999999999999.99", 1e15, []],
      [1e15, 1e15, []],
      [-0, 0, []],
      [undefined, null, []],
      [null, null, []],
      ["", null, []],
      ["   ", null, []],
      ["abc", null, ['revenue "abc" is not a number; dropped']],
      ["1,234.56", 1234.56, []],
      ["€12", 12, []],
      ["-5", null, ['revenue "-5" is negative; dropped']],
      ["+5", null, ['revenue "+5" is not a number; dropped']],
      ["1e3", null, ['revenue "1e3" is not a number; dropped']],
      ["49.", null, ['revenue "49." is not a number; dropped']],
      [".5", 0.5, []],
      ["NaN", null, ['revenue "NaN" is not a number; dropped']],
      ["0x10", null, ['revenue "0x10" is not a number; dropped']],
      [-5, null, ["revenue -5 is negative; dropped"]],
      [-0.01, null, ["revenue -0.01 is negative; dropped"]],
      [NaN, null, ["revenue NaN is not a number; dropped"]],
      [Infinity, null, ["revenue Infinity is too large; dropped"]],
      [2e15, null, ["revenue 2000000000000000 is too large; dropped"]],
      [
        "1000000000000001",
        null,
        ['revenue "1000000000000001" is too large; dropped'],
      ],
      [true, null, ["revenue true is not a number; dropped"]],
      [[49.99], null, ["revenue an array is not a number; dropped"]],
      [{ amount: 1 }, null, ["revenue an object is not a number; dropped"]],
      [
        "9".repeat(100),
        null,
        [`revenue "${"9".repeat(60)}…" is too large; dropped`],
      ],
    ])("%j gives %j", (value, expected, warnings) => {
      const event = normalise({ revenue: value });
      expect(event.revenue).toBe(expected);
      expect(event.warnings).toEqual(warnings);
    });
  });

  describe("revenue with the event's currency (ISO 4217 minor units decide)", () => {
    it.each<[unknown, unknown, number | null, string[]]>([
      ["4.350 €", "EUR", 4350, []],
      ["4.350", "eur", 4350, []],
      ["4.350", "BHD", 4.35, []],
      ["4.350", "JPY", 4350, []],
      ["₹1,23,456.00", "INR", 123456, []],
      ["$4,350", "USD", 4350, []],
      ["1.234,56 €", "EUR", 1234.56, []],
      [
        "4.350",
        undefined,
        4.35,
        [
          'revenue "4.350" is ambiguous without a currency: read as 4.35, "." taken as the decimal point',
        ],
      ],
      [
        "4.350",
        "EU",
        4.35,
        [
          'currency "EU" is not an ISO 4217 currency code; dropped',
          'revenue "4.350" is ambiguous without a currency: read as 4.35, "." taken as the decimal point',
        ],
      ],
    ])("%j in %j gives %j", (revenue, currency, expected, warnings) => {
      const event = normalise({ revenue, currency });
      expect(event.revenue).toBe(expected);
      expect(event.warnings).toEqual(warnings);
    });
  });

  describe("currency", () => {
    it.each<[unknown, string | null, string[]]>([
      ["EUR", "EUR", []],
      [" usd ", "USD", []],
      ["jpy", "JPY", []],
      [undefined, null, []],
      ["", null, []],
      ["EU", null, ['currency "EU" is not an ISO 4217 currency code; dropped']],
      [
        "XXX",
        null,
        ['currency "XXX" is not an ISO 4217 currency code; dropped'],
      ],
      ["€", null, ['currency "€" is not an ISO 4217 currency code; dropped']],
      [978, null, ["currency 978 is not an ISO 4217 currency code; dropped"]],
    ])("%j gives %j", (value, expected, warnings) => {
      const event = normalise({ currency: value });
      expect(event.currency).toBe(expected);
      expect(event.warnings).toEqual(warnings);
    });
  });

  describe("properties", () => {
    it("keeps text, numbers and booleans under valid keys", () => {
      const event = normalise({
        properties: {
          a: "x",
          b: -0,
          c: -1.5,
          d: true,
          e: false,
          f: "",
          _g9: "y",
        },
      });
      expect({ ...event.properties }).toEqual({
        a: "x",
        b: 0,
        c: -1.5,
        d: true,
        e: false,
        f: "",
        _g9: "y",
      });
      expect(Object.is(event.properties.b, 0)).toBe(true);
      expect(event.warnings).toEqual([]);
    });

    it("drops invalid keys and unsupported values with a warning each", () => {
      const properties = JSON.parse(
        '{"__proto__": "p", "constructor": "c", "prototype": "t", "1abc": 1, "a-b": 1, "": 1, "ok": "yes", "nul": null, "obj": {"x": 1}, "arr": [{}]}',
      );
      properties["k".repeat(51)] = 1;
      const event = normalise({ properties });
      expect({ ...event.properties }).toEqual({ ok: "yes" });
      expect(event.warnings).toEqual([
        'property key "__proto__" is not a valid key; dropped',
        'property key "constructor" is not a valid key; dropped',
        'property key "prototype" is not a valid key; dropped',
        'property key "1abc" is not a valid key; dropped',
        'property key "a-b" is not a valid key; dropped',
        'property key "" is not a valid key; dropped',
        'property "nul" is null, not text, a number, a boolean or a list; dropped',
        'property "obj" is an object, not text, a number, a boolean or a list; dropped',
        'property "arr" is a list holding an object, not only text and finite numbers; dropped',
        `property key "${"k".repeat(51)}" is not a valid key; dropped`,
      ]);
      expect(({} as any).p).toBeUndefined();
    });

    it("keeps lists of text and finite numbers as lists (issue #9)", () => {
      const event = normalise({
        properties: {
          content_ids: ["SKU-1017", "SKU-2042"],
          mixed: ["a", 1, -0, 2.5],
          empty: [],
          fifty: Array.from({ length: 50 }, (_, i) => `s${i}`),
          long: ["x".repeat(600), "y".repeat(700)],
        },
      });
      expect({ ...event.properties }).toEqual({
        content_ids: ["SKU-1017", "SKU-2042"],
        mixed: ["a", 1, 0, 2.5],
        empty: [],
        fifty: Array.from({ length: 50 }, (_, i) => `s${i}`),
        long: ["x".repeat(500), "y".repeat(500)],
      });
      expect(Object.is((event.properties.mixed as number[])[2], 0)).toBe(true);
      expect(event.warnings).toEqual([
        'property "long" is longer than 500 characters; truncated',
      ]);
    });

    it("drops too-long lists and lists of other things, naming the key and why", () => {
      const event = normalise({
        properties: {
          many: Array.from({ length: 51 }, () => "s"),
          nested: ["a", ["b"]],
          withNull: ["a", null],
          withBool: [true],
          ok: ["fine"],
        },
      });
      expect({ ...event.properties }).toEqual({ ok: ["fine"] });
      expect(event.warnings).toEqual([
        'property "many" is a list of 51 items, more than 50; dropped',
        'property "nested" is a list holding an array, not only text and finite numbers; dropped',
        'property "withNull" is a list holding null, not only text and finite numbers; dropped',
        'property "withBool" is a list holding true, not only text and finite numbers; dropped',
      ]);
    });

    it("reads list properties and drop codes from an image query", () => {
      const raw = parseCollectQuery({
        pixel_id: "pix_abc123",
        type: "pageview",
        event_id: "evt_00000001",
        "prop.content_ids[]": ["SKU-1017", "SKU-2042"],
        "prop.one[]": "only",
        "prop.sku": ["first", "second"],
        dropped: ["function:callback", "NaN:price"],
      })!;
      const event = normaliseCollectedEvent(
        raw,
        { id: "pix_abc123", config: { type: "pageview" } },
        RECEIVED_AT,
      )!;
      expect({ ...event.properties }).toEqual({
        content_ids: ["SKU-1017", "SKU-2042"],
        one: ["only"],
        sku: "first",
      });
      expect(event.warnings).toEqual([
        'property "callback" is a function, not text, a number, a boolean or a list; dropped by the tracker',
        'property "price" is NaN, not text, a number, a boolean or a list; dropped by the tracker',
      ]);
    });

    it("turns the tracker's drop codes into warnings, and never trusts other text", () => {
      const warningsFor = (dropped: unknown) =>
        normalise({ dropped } as any).warnings;
      expect(
        warningsFor([
          "object:order",
          "Infinity:total",
          "unreadable:secret",
          "list_length:ids",
          "list_item:ids2",
          "key_length:" + "k".repeat(51),
          "over_limit:3",
          "properties:string",
          "properties:unreadable",
          "revenue:object",
        ]),
      ).toEqual([
        'property "order" is an object, not text, a number, a boolean or a list; dropped by the tracker',
        'property "total" is Infinity, not text, a number, a boolean or a list; dropped by the tracker',
        'property "secret" could not be read (its getter threw); dropped by the tracker',
        'property "ids" is a list of more than 50 items; dropped by the tracker',
        'property "ids2" is a list holding something other than text and finite numbers; dropped by the tracker',
        `property key "${"k".repeat(51)}" is longer than 50 characters; dropped by the tracker`,
        "3 properties over the limit of 20; dropped by the tracker",
        'properties is "string", not an object; dropped by the tracker',
        "properties could not be read; dropped by the tracker",
        "revenue is an object, not an amount; dropped by the tracker",
      ]);
      expect(warningsFor(["image:page_url"])).toEqual([
        '"page_url" was left out of the image request (no room in the URL)',
      ]);
      expect(
        warningsFor([
          "<script>alert(1)</script>",
          5,
          "over_limit:x",
          "a".repeat(81),
        ]),
      ).toEqual([
        "the tracker reported 4 more dropped values the server cannot name",
      ]);
      expect(warningsFor("object:x")).toEqual([
        'dropped "object:x" is not a list of codes; ignored',
      ]);
      expect(
        warningsFor(Array.from({ length: 12 }, (_, i) => `object:k${i}`)),
      ).toHaveLength(11);
    });

    it("truncates text longer than 500 characters (code points, as the contract counts), without splitting a surrogate pair", () => {
      const emoji = "😀";
      const event = normalise({
        properties: {
          long: "a".repeat(600),
          pair: "b".repeat(499) + emoji + emoji,
          exact: "c".repeat(500),
          emoji: emoji.repeat(500),
        },
      });
      expect(event.properties.long).toBe("a".repeat(500));
      expect(event.properties.pair).toBe("b".repeat(499) + emoji);
      expect(event.properties.exact).toBe("c".repeat(500));
      expect(event.properties.emoji).toBe(emoji.repeat(500));
      expect(event.warnings).toEqual([
        'property "long" is longer than 500 characters; truncated',
        'property "pair" is longer than 500 characters; truncated',
      ]);
    });

    it("keeps the first 20 properties and counts the rest in one warning", () => {
      const properties: Record<string, number> = {};
      for (let i = 0; i < 25; i++) properties[`p${i}`] = i;
      const event = normalise({ properties });
      expect(Object.keys(event.properties)).toEqual(
        Array.from({ length: 20 }, (_, i) => `p${i}`),
      );
      expect(event.warnings).toEqual([
        "5 properties over the limit of 20; dropped",
      ]);
    });

    it.each<[unknown, string]>([
      [[["a", 1]], "properties is an array, not a plain object; dropped"],
      ["a=1", 'properties is "a=1", not a plain object; dropped'],
      [5, "properties is 5, not a plain object; dropped"],
      [new Date(0), "properties is an object, not a plain object; dropped"],
    ])("drops properties that are %j", (value, warning) => {
      const event = normalise({ properties: value });
      expect({ ...event.properties }).toEqual({});
      expect(event.warnings).toEqual([warning]);
    });
  });

  describe("test_event_code (§9)", () => {
    it.each(["T", "TEST123", "x".repeat(50), "é".repeat(50), "🙂".repeat(50)])(
      "makes %j a test event: not counted, reason test_event, no warning",
      (code) => {
        const event = normalise({ test_event_code: code });
        expect(event).toMatchObject({
          test: true,
          counted: false,
          not_counted_reason: "test_event",
          warnings: [],
        });
      },
    );

    it("wins over an inactive pixel's reason", () => {
      const event = normaliseCollectedEvent(
        { ...GOOD, test_event_code: "TEST1" },
        { ...PIXEL, state: "inactive" },
        RECEIVED_AT,
      );
      expect(event).toMatchObject({
        test: true,
        counted: false,
        not_counted_reason: "test_event",
      });
    });

    it.each([
      ["", "must be 1-50 characters"],
      ["x".repeat(51), "must be 1-50 characters"],
      [42, "must be text"],
      [true, "must be text"],
      [["T"], "must be text"],
      [{ code: "T" }, "must be text"],
    ])("drops %j with a warning; the event stays a real one", (code, why) => {
      const event = normalise({ test_event_code: code });
      expect(event).toMatchObject({
        test: false,
        counted: true,
        not_counted_reason: null,
      });
      expect(event.warnings).toEqual([
        `test_event_code ${why}; dropped (the event is stored as a real event)`,
      ]);
    });

    it("is read from a /collect body and a /collect.gif query alike", () => {
      expect(
        parseCollectBody('{"pixel_id":"pix_abc123","test_event_code":"T1"}'),
      ).toMatchObject({ test_event_code: "T1" });
      expect(
        parseCollectQuery({ pixel_id: "pix_abc123", test_event_code: "T1" }),
      ).toMatchObject({ test_event_code: "T1" });
    });
  });

  describe("event_id", () => {
    it.each(["evt_1234", "a".repeat(64), "ABC-def_0123"])("keeps %j", (id) => {
      const event = normalise({ event_id: id });
      expect(event.event_id).toBe(id);
      expect(event.warnings).toEqual([]);
    });

    it.each<[unknown, string]>([
      [undefined, "event_id is missing; the server assigned one"],
      [null, "event_id is missing; the server assigned one"],
      [
        "short",
        'event_id "short" is not 8-64 letters, digits, "_" or "-"; the server assigned one',
      ],
      [
        "a".repeat(65),
        `event_id "${"a".repeat(60)}…" is not 8-64 letters, digits, "_" or "-"; the server assigned one`,
      ],
      [
        "has spaces 123",
        'event_id "has spaces 123" is not 8-64 letters, digits, "_" or "-"; the server assigned one',
      ],
      [
        12345678,
        'event_id 12345678 is not 8-64 letters, digits, "_" or "-"; the server assigned one',
      ],
    ])("replaces %j with a server UUID and a warning", (id, warning) => {
      const first = normalise({ event_id: id });
      const second = normalise({ event_id: id });
      expect(first.event_id).toMatch(UUID);
      expect(second.event_id).toMatch(UUID);
      expect(first.event_id).not.toBe(second.event_id);
      expect(first.warnings).toEqual([warning]);
    });
  });

  describe("page_url and referrer", () => {
    it.each<[unknown, string | null, string[]]>([
      ["https://shop.example/a?b=c#d", "https://shop.example/a?b=c#d", []],
      ["HTTP://SHOP.EXAMPLE/", "HTTP://SHOP.EXAMPLE/", []],
      ["", null, []],
      [undefined, null, []],
      [
        "javascript:alert(1)",
        null,
        ['page_url "javascript:alert(1)" is not an http(s) URL; dropped'],
      ],
      [
        "data:text/html,hi",
        null,
        ['page_url "data:text/html,hi" is not an http(s) URL; dropped'],
      ],
      [
        "ftp://files.example/",
        null,
        ['page_url "ftp://files.example/" is not an http(s) URL; dropped'],
      ],
      ["http://", null, ['page_url "http://" is not an http(s) URL; dropped']],
      [
        "/relative",
        null,
        ['page_url "/relative" is not an http(s) URL; dropped'],
      ],
      [42, null, ["page_url 42 is not an http(s) URL; dropped"]],
      [
        "https://shop.example/a\u0000b",
        "https://shop.example/a\uFFFDb",
        ["page_url contained NUL characters; replaced with U+FFFD"],
      ],
    ])("page_url %j gives %j", (value, expected, warnings) => {
      const event = normalise({ page_url: value });
      expect(event.page_url).toBe(expected);
      expect(event.warnings).toEqual(warnings);
    });

    it("truncates URLs longer than 2048 characters", () => {
      const long = `https://shop.example/?q=${"x".repeat(3000)}`;
      const event = normalise({ page_url: long, referrer: long });
      expect(event.page_url).toBe(long.slice(0, 2048));
      expect(event.referrer).toBe(long.slice(0, 2048));
      expect(event.warnings).toEqual([
        "page_url is longer than 2048 characters; truncated",
        "referrer is longer than 2048 characters; truncated",
      ]);
    });

    it("checks the referrer the same way", () => {
      const event = normalise({ referrer: "android-app://com.example" });
      expect(event.referrer).toBeNull();
      expect(event.warnings).toEqual([
        'referrer "android-app://com.example" is not an http(s) URL; dropped',
      ]);
    });
  });

  describe("client_time", () => {
    it.each<[unknown, string | null, string[]]>([
      ["2026-03-04T05:06:00.000Z", "2026-03-04T05:06:00.000Z", []],
      ["2026-03-04T05:06:00Z", "2026-03-04T05:06:00.000Z", []],
      ["2026-03-04T07:06:00.5+02:00", "2026-03-04T05:06:00.500Z", []],
      ["2026-03-04T05:06Z", "2026-03-04T05:06:00.000Z", []],
      [undefined, null, []],
      [
        "yesterday",
        null,
        ['client_time "yesterday" is not an ISO 8601 time; dropped'],
      ],
      [
        "2026-03-04",
        null,
        ['client_time "2026-03-04" is not an ISO 8601 time; dropped'],
      ],
      [
        "2026-13-40T00:00:00Z",
        null,
        ['client_time "2026-13-40T00:00:00Z" is not an ISO 8601 time; dropped'],
      ],
      [
        "Wed, 04 Mar 2026 05:06:00 GMT",
        null,
        [
          'client_time "Wed, 04 Mar 2026 05:06:00 GMT" is not an ISO 8601 time; dropped',
        ],
      ],
      [
        1772600760000,
        null,
        ["client_time 1772600760000 is not an ISO 8601 time; dropped"],
      ],
    ])("%j gives %j", (value, expected, warnings) => {
      const event = normalise({ client_time: value });
      expect(event.client_time).toBe(expected);
      expect(event.warnings).toEqual(warnings);
    });
  });

  it("keeps at most MAX_WARNINGS warnings, the last one counting the rest", () => {
    const properties: Record<string, string> = {};
    for (let i = 0; i < 100; i++) properties[`bad-${i}`] = "x";
    const event = normalise({ properties, revenue: "abc" });
    expect(event.warnings).toHaveLength(MAX_WARNINGS);
    expect(event.warnings[0]).toBe('revenue "abc" is not a number; dropped');
    expect(event.warnings[1]).toBe(
      'property key "bad-0" is not a valid key; dropped',
    );
    expect(event.warnings[MAX_WARNINGS - 1]).toBe(
      `${101 - (MAX_WARNINGS - 1)} more warnings not shown`,
    );
  });

  it("shows exactly MAX_WARNINGS warnings without a count", () => {
    const properties: Record<string, string> = {};
    for (let i = 0; i < MAX_WARNINGS; i++) properties[`bad-${i}`] = "x";
    const event = normalise({ properties });
    expect(event.warnings).toHaveLength(MAX_WARNINGS);
    expect(event.warnings[MAX_WARNINGS - 1]).toBe(
      `property key "bad-${MAX_WARNINGS - 1}" is not a valid key; dropped`,
    );
  });

  it("quotes rejected text safely in warnings", () => {
    const event = normalise({ currency: '"</script>\u2028' });
    expect(event.warnings).toEqual([
      'currency "\\"</script>\u2028" is not an ISO 4217 currency code; dropped',
    ]);
  });

  describe("with any input", () => {
    const anyValue = fc.oneof(
      fc.anything({
        withObjectString: true,
        withNullPrototype: true,
        withSparseArray: true,
      }),
      fc.string(),
      fc.double(),
      fc.constantFrom(
        "49.99",
        " 1 ",
        "EUR",
        "https://a.example/",
        "2026-01-01T00:00:00Z",
        "evt_12345678",
      ),
    );
    const rawEvent = fc.record(
      {
        pixel_id: fc.constant("pix_abc123"),
        type: fc.oneof(
          anyValue,
          fc.constantFrom("pageview", "conversion", "microconversion"),
        ),
        conversion_type: anyValue,
        revenue: anyValue,
        currency: anyValue,
        properties: fc.oneof(
          anyValue,
          fc.dictionary(
            fc.oneof(
              fc.string(),
              fc.constantFrom("__proto__", "constructor", "ok_key"),
            ),
            anyValue,
            {
              maxKeys: 40,
            },
          ),
        ),
        event_id: anyValue,
        page_url: anyValue,
        referrer: anyValue,
        client_time: anyValue,
        transaction_id: fc.oneof(
          anyValue,
          fc.constantFrom("__proto__", "A\u0000B", "x".repeat(300), 12.5),
        ),
        visitor_id: fc.oneof(
          anyValue,
          fc.constantFrom("__proto__", "v\u0000isitor00", "visitor_ok_123"),
        ),
        touchpoint: fc.oneof(
          anyValue,
          fc.record(
            {
              type: fc.oneof(anyValue, fc.constantFrom("click", "view")),
              campaign: fc.oneof(anyValue, fc.string({ maxLength: 120 })),
              source: anyValue,
              age_s: fc.oneof(anyValue, fc.double(), fc.nat()),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: ["pixel_id"] },
    );
    const config = fc.constantFrom<PixelConfig>(
      { type: "pageview" },
      { type: "conversion", conversion_type: "purchase" },
      { type: "microconversion", conversion_type: "signup" },
    );

    function checkInvariants(
      event: NormalisedEvent | null,
      pixelConfig: PixelConfig,
    ) {
      expect(event).not.toBeNull();
      const e = event!;
      expect(Object.keys(e)).toEqual([
        "pixel_id",
        "event_id",
        "type",
        "conversion_type",
        "revenue",
        "currency",
        "properties",
        "page_url",
        "referrer",
        "client_time",
        "received_at",
        "warnings",
        "transaction_id",
        "visitor_id",
        "source",
        "counted",
        "not_counted_reason",
        "repeat_rule",
        "attribution",
        "value",
        "test",
      ]);
      expect(e.pixel_id).toBe("pix_abc123");
      if (e.transaction_id !== null) {
        expect(typeof e.transaction_id).toBe("string");
        expect(e.transaction_id.length).toBeGreaterThan(0);
        expect(e.transaction_id.length).toBeLessThanOrEqual(256);
        expect(e.transaction_id).not.toContain("\u0000");
      }
      if (e.visitor_id !== null)
        expect(e.visitor_id).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
      // Only a test event (§9) goes uncounted here: these pixels are active.
      expect(e.counted).toBe(!e.test);
      expect(e.type).toBe(pixelConfig.type);
      // §8: pageviews are never attributed; the value is the revenue or a post value.
      if (pixelConfig.type === "pageview") expect(e.attribution).toBeNull();
      if (e.revenue !== null) expect(e.value).toBe(e.revenue);
      expect(e.event_id).toMatch(EVENT_ID_PATTERN);
      if (e.revenue !== null) {
        expect(
          Number.isFinite(e.revenue) &&
            e.revenue >= 0 &&
            e.revenue <= 1e15 &&
            !Object.is(e.revenue, -0),
        ).toBe(true);
      }
      if (e.currency !== null) expect(isIso4217Code(e.currency)).toBe(true);
      if (e.conversion_type !== null) {
        expect(typeof e.conversion_type).toBe("string");
        expect(e.conversion_type.length).toBeLessThanOrEqual(50);
      }
      expect(Object.getPrototypeOf(e.properties)).toBeNull();
      const keys = Object.keys(e.properties);
      expect(keys.length).toBeLessThanOrEqual(20);
      for (const key of keys) {
        expect(isPropertyKey(key)).toBe(true);
        const value = e.properties[key];
        if (typeof value === "string")
          expect(value.length).toBeLessThanOrEqual(500);
        else if (typeof value === "number")
          expect(Number.isFinite(value)).toBe(true);
        else if (Array.isArray(value)) {
          expect(value.length).toBeLessThanOrEqual(50);
          for (const item of value) {
            if (typeof item === "string")
              expect(item.length).toBeLessThanOrEqual(500);
            else expect(Number.isFinite(item)).toBe(true);
          }
        } else expect(typeof value).toBe("boolean");
      }
      for (const url of [e.page_url, e.referrer]) {
        if (url !== null) {
          expect(url).toMatch(/^https?:\/\//i);
          expect(url.length).toBeLessThanOrEqual(2048);
        }
      }
      if (e.client_time !== null)
        expect(new Date(e.client_time).toISOString()).toBe(e.client_time);
      expect(e.received_at).toBe(RECEIVED_AT.toISOString());
      expect(e.warnings.length).toBeLessThanOrEqual(MAX_WARNINGS);
      for (const warning of e.warnings) {
        expect(typeof warning).toBe("string");
        expect(warning.length).toBeLessThanOrEqual(300);
      }
      expect(JSON.parse(JSON.stringify(e))).toEqual(plain(e));
      expect(Object.keys(Object.prototype)).toEqual([]);
    }

    it("never throws and always keeps the invariants", () => {
      fc.assert(
        fc.property(rawEvent, config, (raw, pixelConfig) => {
          const event = normaliseCollectedEvent(
            raw as RawCollectedEvent,
            {
              id: "pix_abc123",
              config: pixelConfig,
              account_id: "acme",
              // Hybrid with open windows: every well-formed touchpoint attributes.
              attribution_rules: {
                trigger_type: "hybrid",
                post_click_expire_mins: null,
                post_view_expire_mins: null,
                post_click_value: 3,
                post_view_value: 1,
              },
            },
            RECEIVED_AT,
          );
          checkInvariants(event, pixelConfig);
        }),
        { numRuns: 2000 },
      );
    });

    it("keeps them for any JSON body and any query too", () => {
      fc.assert(
        fc.property(
          fc.dictionary(
            fc.constantFrom(
              "type",
              "revenue",
              "currency",
              "properties",
              "event_id",
              "page_url",
              "referrer",
              "client_time",
              "transaction_id",
              "visitor_id",
              "__proto__",
              "other",
            ),
            fc.jsonValue(),
          ),
          config,
          (fields, pixelConfig) => {
            const raw = parseCollectBody(
              JSON.stringify({ ...fields, pixel_id: "pix_abc123" }),
            );
            checkInvariants(
              normaliseCollectedEvent(
                raw!,
                { id: "pix_abc123", config: pixelConfig },
                RECEIVED_AT,
              ),
              pixelConfig,
            );
          },
        ),
        { numRuns: 1000 },
      );
      fc.assert(
        fc.property(
          fc.dictionary(
            fc.oneof(
              fc.string(),
              fc.constantFrom(
                "revenue",
                "currency",
                "page_url",
                "client_time",
                "transaction_id",
                "visitor_id",
                "prop.a",
                "prop.__proto__",
              ),
            ),
            fc.oneof(fc.string(), fc.array(fc.string())),
          ),
          config,
          (query, pixelConfig) => {
            const raw = parseCollectQuery({ ...query, pixel_id: "pix_abc123" });
            checkInvariants(
              normaliseCollectedEvent(
                raw!,
                { id: "pix_abc123", config: pixelConfig },
                RECEIVED_AT,
              ),
              pixelConfig,
            );
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});
