import { ArgumentMetadata } from "@nestjs/common";
import { ApiError } from "../../http/api-error";
import { ErrorDetail } from "../../http/error-codes";
import { BODY_VALIDATION } from "../../http/validation";
import { EXAMPLE_CREATE_INPUT } from "../../pixels/examples";
import {
  CreateSavedPixelDto,
  PreviewSavedPixelDto,
  UpdateSavedPixelDto,
} from "./saved-pixel-input.dto";

/**
 * The contract's PixelConfig table, rule by rule, through the very pipe the
 * controller uses (BODY_VALIDATION), asserting the dotted `details` fields.
 */
type Dto =
  | typeof CreateSavedPixelDto
  | typeof UpdateSavedPixelDto
  | typeof PreviewSavedPixelDto;

async function run(
  body: unknown,
  metatype: Dto = CreateSavedPixelDto,
): Promise<{ value?: any; details?: ErrorDetail[] }> {
  const metadata: ArgumentMetadata = { type: "body", metatype, data: "" };
  try {
    return { value: await BODY_VALIDATION.transform(body, metadata) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.status).toBe(400);
    return { details: error.details ?? [] };
  }
}

/** Expects the body to be refused, naming exactly these fields (in any order, each at least once). */
async function expectFields(
  body: unknown,
  fields: string[],
  metatype: Dto = CreateSavedPixelDto,
): Promise<ErrorDetail[]> {
  const { details, value } = await run(body, metatype);
  if (!details)
    throw new Error(
      `expected a refusal naming ${fields.join(", ")}, got ${JSON.stringify(value)}`,
    );
  expect([...new Set(details.map((detail) => detail.field))].sort()).toEqual(
    [...fields].sort(),
  );
  for (const detail of details) {
    expect(typeof detail.message).toBe("string");
    expect(detail.message.length).toBeGreaterThan(0);
  }
  return details;
}

/** Expects a refusal whose every field is `prefix` or lies under it. */
async function expectFieldsUnder(
  body: unknown,
  prefix: string,
  metatype: Dto = CreateSavedPixelDto,
): Promise<void> {
  const { details } = await run(body, metatype);
  expect(details).toBeDefined();
  expect(details!.length).toBeGreaterThan(0);
  for (const { field } of details!) {
    expect(field === prefix || field.startsWith(`${prefix}.`)).toBe(true);
  }
}

async function expectAccepted(
  body: unknown,
  metatype: Dto = CreateSavedPixelDto,
) {
  const { details, value } = await run(body, metatype);
  if (details)
    throw new Error(`expected acceptance, got ${JSON.stringify(details)}`);
  return value;
}

function create(
  config: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return { name: "Purchase conversion", config, ...extra };
}

const conversion = (extra: Record<string, unknown> = {}) => ({
  type: "conversion",
  conversion_type: "purchase",
  ...extra,
});

describe("CreateSavedPixelDto through BODY_VALIDATION", () => {
  it("accepts the seed's example and keeps its values", async () => {
    const body = structuredClone(EXAMPLE_CREATE_INPUT);
    const value = await expectAccepted(body);
    expect(value).toBeInstanceOf(CreateSavedPixelDto);
    expect(JSON.parse(JSON.stringify(value))).toEqual(body);
  });

  describe("config.type", () => {
    it.each(["pageview", "conversion", "microconversion"])(
      "accepts %s",
      async (type) => {
        await expectAccepted(
          create(
            type === "pageview" ? { type } : { type, conversion_type: "x" },
          ),
        );
      },
    );

    it.each([["PAGEVIEW"], ["click"], [""], [5], [null], [["pageview"]]])(
      "refuses %j",
      async (type) => {
        await expectFields(create({ type }), ["config.type"]);
      },
    );

    it("is required", async () => {
      await expectFields(create({}), ["config.type"]);
    });
  });

  describe("config.conversion_type", () => {
    it.each(["conversion", "microconversion"])(
      "is required for %s",
      async (type) => {
        const details = await expectFields(create({ type }), [
          "config.conversion_type",
        ]);
        expect(details[0].message).toMatch(/required/);
        await expectFields(create({ type, conversion_type: null }), [
          "config.conversion_type",
        ]);
      },
    );

    it.each([["purchase"], ["add_to_cart"], ["x"], ["Any free text: ok!"]])(
      "accepts any text of 1-50 characters (%s), not only the suggested ones",
      async (conversion_type) => {
        await expectAccepted(create({ type: "conversion", conversion_type }));
        await expectAccepted(
          create({ type: "microconversion", conversion_type }),
        );
      },
    );

    it("counts characters, not UTF-16 units: 50 emoji pass, 51 do not", async () => {
      await expectAccepted(
        create(conversion({ conversion_type: "😀".repeat(50) })),
      );
      await expectFields(
        create(conversion({ conversion_type: "😀".repeat(51) })),
        ["config.conversion_type"],
      );
    });

    it.each([[""], ["   "], ["x".repeat(51)], [5], [true], [{}]])(
      "refuses %j",
      async (conversion_type) => {
        await expectFields(create({ type: "conversion", conversion_type }), [
          "config.conversion_type",
        ]);
      },
    );

    it("accepts exactly 50 characters", async () => {
      await expectAccepted(
        create(conversion({ conversion_type: "x".repeat(50) })),
      );
    });

    it.each([["purchase"], [""], [null]])(
      "is not allowed on a pageview (%j)",
      async (conversion_type) => {
        const details = await expectFields(
          create({ type: "pageview", conversion_type }),
          ["config.conversion_type"],
        );
        expect(details[0].message).toMatch(/not allowed/);
      },
    );
  });

  describe("config.revenue", () => {
    it("is allowed on a conversion", async () => {
      await expectAccepted(
        create(conversion({ revenue: { source: "fixed", value: "49.99" } })),
      );
    });

    it.each([
      [{ type: "pageview" }],
      [{ type: "microconversion", conversion_type: "signup" }],
    ])("is refused on %j", async (config) => {
      await expectFields(
        create({ ...config, revenue: { source: "fixed", value: "1" } }),
        ["config.revenue"],
      );
    });

    it.each(["0", "49.99", "1200", "0.5", "123456789012345.123456"])(
      "accepts the fixed decimal %s",
      async (value) => {
        await expectAccepted(
          create(conversion({ revenue: { source: "fixed", value } })),
        );
      },
    );

    it.each([
      "-1",
      "+1",
      "1e3",
      "1,000",
      "1.000,00",
      "€10",
      "10 ",
      " 10",
      ".5",
      "5.",
      "01",
      "1.2.3",
      "NaN",
      "Infinity",
      "",
      "1.1234567",
      "1234567890123456",
    ])("refuses the fixed revenue %j", async (value) => {
      await expectFields(
        create(conversion({ revenue: { source: "fixed", value } })),
        ["config.revenue.value"],
      );
    });

    it("refuses a fixed revenue given as a JSON number", async () => {
      await expectFields(
        create(conversion({ revenue: { source: "fixed", value: 49.99 } })),
        ["config.revenue.value"],
      );
    });

    it("accepts a variable revenue and refuses a bad path", async () => {
      await expectAccepted(
        create(
          conversion({ revenue: { source: "variable", value: "order.total" } }),
        ),
      );
      await expectFields(
        create(conversion({ revenue: { source: "variable", value: "49.99" } })),
        ["config.revenue.value"],
      );
    });

    it("needs source and value, and a known source", async () => {
      await expectFields(create(conversion({ revenue: {} })), [
        "config.revenue.source",
        "config.revenue.value",
      ]);
      await expectFields(
        create(conversion({ revenue: { source: "constant", value: "1" } })),
        ["config.revenue.source"],
      );
    });

    it.each([["49.99"], [49.99], [true]])(
      "must be an object, not %j",
      async (revenue) => {
        await expectFields(create(conversion({ revenue })), ["config.revenue"]);
      },
    );

    it("refuses an array, naming fields under config.revenue", async () => {
      await expectFieldsUnder(
        create(conversion({ revenue: ["fixed", "1"] })),
        "config.revenue",
      );
    });
  });

  describe("config.currency", () => {
    it.each(["EUR", "USD", "JPY", "CHF", "XAU"])(
      "accepts the ISO 4217 code %s",
      async (value) => {
        await expectAccepted(
          create(conversion({ currency: { source: "fixed", value } })),
        );
      },
    );

    it("is allowed on every type", async () => {
      const currency = { source: "fixed", value: "EUR" };
      await expectAccepted(create({ type: "pageview", currency }));
      await expectAccepted(
        create({ type: "microconversion", conversion_type: "x", currency }),
      );
    });

    it("refuses lower case, naming the upper-case code", async () => {
      const details = await expectFields(
        create(conversion({ currency: { source: "fixed", value: "eur" } })),
        ["config.currency.value"],
      );
      expect(details[0].message).toContain("EUR");
    });

    it.each(["ABC", "EU", "EURO", "XXX", "XTS", "DEM", "FRF", "E U", "", "€"])(
      "refuses %j (not a real, current code)",
      async (value) => {
        await expectFields(
          create(conversion({ currency: { source: "fixed", value } })),
          ["config.currency.value"],
        );
      },
    );

    it("accepts a variable currency", async () => {
      await expectAccepted(
        create(
          conversion({
            currency: { source: "variable", value: "currency_code" },
          }),
        ),
      );
    });
  });

  describe("variable paths", () => {
    const withPath = (value: unknown) =>
      create(
        conversion({
          revenue: { source: "variable", value },
          currency: { source: "variable", value },
          properties: [{ key: "k", source: "variable", value }],
        }),
      );

    it.each([
      "order_total",
      "order.total",
      "items.0.price",
      "$price",
      "_x",
      "a.b.c.d",
      "items.10.price",
      "x".repeat(200),
    ])("accepts %s", async (path) => {
      await expectAccepted(withPath(path));
    });

    it.each([
      "a b",
      "x;alert(1)",
      "a..b",
      "{{x}}",
      'a["b"]',
      "a['b']",
      "a[0]",
      "x".repeat(201),
      "",
      ".a",
      "a.",
      "0abc",
      "items.01",
      "a-b",
      "a.b-c",
      "</script>",
      "a\u2028b",
      "a\\b",
      "`x`",
      "a()",
      "a\nb",
    ])("refuses %j wherever a variable goes", async (path) => {
      await expectFields(withPath(path), [
        "config.revenue.value",
        "config.currency.value",
        "config.properties.0.value",
      ]);
    });

    it("refuses a non-string variable", async () => {
      await expectFields(withPath(5), [
        "config.revenue.value",
        "config.currency.value",
        "config.properties.0.value",
      ]);
    });
  });

  describe("config.properties", () => {
    const property = (key: string, value = "x", source = "fixed") => ({
      key,
      source,
      value,
    });

    it("accepts up to 20 and refuses 21", async () => {
      const twenty = Array.from({ length: 20 }, (_, i) => property(`k${i}`));
      await expectAccepted(create({ type: "pageview", properties: twenty }));
      await expectFields(
        create({ type: "pageview", properties: [...twenty, property("k20")] }),
        ["config.properties"],
      );
    });

    it("accepts an empty list", async () => {
      await expectAccepted(create({ type: "pageview", properties: [] }));
    });

    it("refuses duplicate keys, naming the list and the key", async () => {
      const details = await expectFields(
        create({
          type: "pageview",
          properties: [property("sku"), property("brand"), property("sku")],
        }),
        ["config.properties"],
      );
      expect(details[0].message).toContain('"sku"');
    });

    it.each(["sku", "_x", "Brand_2", "a", "x".repeat(50)])(
      "accepts the key %s",
      async (key) => {
        await expectAccepted(
          create({ type: "pageview", properties: [property(key)] }),
        );
      },
    );

    it.each([
      "__proto__",
      "constructor",
      "prototype",
      "",
      "1abc",
      "a-b",
      "a b",
      "a.b",
      "$x",
      "é",
      "x".repeat(51),
    ])("refuses the key %j", async (key) => {
      await expectFields(
        create({
          type: "pageview",
          properties: [property("ok"), property(key)],
        }),
        ["config.properties.1.key"],
      );
    });

    it("refuses a non-string key", async () => {
      await expectFields(
        create({
          type: "pageview",
          properties: [{ key: 5, source: "fixed", value: "x" }],
        }),
        ["config.properties.0.key"],
      );
    });

    it("takes any fixed text of at most 500 characters (code points)", async () => {
      for (const value of [
        "",
        'any text: <b>"quotes"</b> {{x}} ; alert(1)',
        "x".repeat(500),
        "😀".repeat(500),
      ]) {
        await expectAccepted(
          create({ type: "pageview", properties: [property("k", value)] }),
        );
      }
      for (const value of ["x".repeat(501), "😀".repeat(501)]) {
        await expectFields(
          create({ type: "pageview", properties: [property("k", value)] }),
          ["config.properties.0.value"],
        );
      }
    });

    it("needs key, source and value on each", async () => {
      await expectFields(create({ type: "pageview", properties: [{}] }), [
        "config.properties.0.key",
        "config.properties.0.source",
        "config.properties.0.value",
      ]);
    });

    it.each([["sku"], [5]])("must be an array, not %j", async (properties) => {
      await expectFields(create({ type: "pageview", properties }), [
        "config.properties",
      ]);
    });

    it("refuses an object in place of the list", async () => {
      const { details } = await run(
        create({ type: "pageview", properties: {} }),
      );
      expect(details!.map((detail) => detail.field)).toContain(
        "config.properties",
      );
      await expectFieldsUnder(
        create({
          type: "pageview",
          properties: { key: "a", source: "fixed", value: "b" },
        }),
        "config.properties",
      );
    });

    it("names each element that is not an object", async () => {
      await expectFields(
        create({ type: "pageview", properties: [property("a"), null, "x", 5] }),
        ["config.properties.1", "config.properties.2", "config.properties.3"],
      );
    });
  });

  describe("unknown fields", () => {
    it("are refused and named at every level", async () => {
      await expectFields(
        {
          name: "x",
          extra: 1,
          config: {
            type: "conversion",
            conversion_type: "x",
            label: "y",
            revenue: { source: "fixed", value: "1", cents: 100 },
            currency: { source: "fixed", value: "EUR", symbol: "€" },
            properties: [
              { key: "a", source: "fixed", value: "b" },
              { key: "c", source: "fixed", value: "d", note: "z" },
            ],
          },
        },
        [
          "extra",
          "config.label",
          "config.revenue.cents",
          "config.currency.symbol",
          "config.properties.1.note",
        ],
      );
    });

    it("include server-owned fields (id, account_id, created_by)", async () => {
      await expectFields(
        {
          ...create({ type: "pageview" }),
          id: "pix_abcdef",
          account_id: "other",
          created_by: 1,
          created_at: "2025-01-05T10:00:00Z",
        },
        ["id", "account_id", "created_by", "created_at"],
      );
    });
  });

  describe("name", () => {
    it("is trimmed", async () => {
      const value = await expectAccepted(
        create({ type: "pageview" }, { name: "  Checkout \t" }),
      );
      expect(value.name).toBe("Checkout");
    });

    it("is 1-100 characters once trimmed (code points)", async () => {
      await expectAccepted(create({ type: "pageview" }, { name: "x" }));
      await expectAccepted(
        create({ type: "pageview" }, { name: "x".repeat(100) }),
      );
      await expectAccepted(
        create({ type: "pageview" }, { name: ` ${"x".repeat(100)} ` }),
      );
      await expectAccepted(
        create({ type: "pageview" }, { name: "😀".repeat(100) }),
      );
      for (const name of ["", "   ", "x".repeat(101), "😀".repeat(101)]) {
        await expectFields(create({ type: "pageview" }, { name }), ["name"]);
      }
    });

    it.each(["a\u0000b", "a\nb", "a\tb", "a\u001bb", "a\u007fb"])(
      "refuses control characters inside (%j)",
      async (name) => {
        await expectFields(create({ type: "pageview" }, { name }), ["name"]);
      },
    );

    it.each([[5], [null], [["x"]], [{}], [true]])(
      "must be a string, not %j",
      async (name) => {
        await expectFields(create({ type: "pageview" }, { name }), ["name"]);
      },
    );

    it("is required", async () => {
      await expectFields({ config: { type: "pageview" } }, ["name"]);
    });
  });

  describe("description", () => {
    it("is at most 500 characters or null or absent", async () => {
      for (const description of [
        undefined,
        null,
        "",
        "x".repeat(500),
        "😀".repeat(500),
      ]) {
        await expectAccepted(create({ type: "pageview" }, { description }));
      }
      for (const description of [
        "x".repeat(501),
        "😀".repeat(501),
        5,
        {},
        ["x"],
      ]) {
        await expectFields(create({ type: "pageview" }, { description }), [
          "description",
        ]);
      }
    });
  });

  describe("config and target_platform", () => {
    it("config is required and must be an object", async () => {
      await expectFields({ name: "x" }, ["config"]);
      for (const config of [null, "pageview", 5, [], [{ type: "pageview" }]]) {
        await expectFields({ name: "x", config }, ["config"]);
      }
    });

    it.each(["javascript", "gtm", "tealium"])(
      "target_platform %s is accepted",
      async (target_platform) => {
        await expectAccepted(create({ type: "pageview" }, { target_platform }));
      },
    );

    it.each([["GTM"], ["adobe"], [""], [5]])(
      "target_platform %j is refused",
      async (target_platform) => {
        await expectFields(create({ type: "pageview" }, { target_platform }), [
          "target_platform",
        ]);
      },
    );
  });

  it("reports every bad field at once, not only the first", async () => {
    await expectFields(
      {
        name: "",
        description: "x".repeat(501),
        config: {
          type: "pageview",
          conversion_type: "purchase",
          revenue: { source: "fixed", value: "1" },
          currency: { source: "fixed", value: "eur" },
          properties: [{ key: "__proto__", source: "variable", value: "a b" }],
        },
        target_platform: "adobe",
      },
      [
        "name",
        "description",
        "config.conversion_type",
        "config.revenue",
        "config.currency.value",
        "config.properties.0.key",
        "config.properties.0.value",
        "target_platform",
      ],
    );
  });
});

describe("UpdateSavedPixelDto through BODY_VALIDATION", () => {
  it("accepts an empty body and any single field", async () => {
    await expectAccepted({}, UpdateSavedPixelDto);
    await expectAccepted({ name: "  New name " }, UpdateSavedPixelDto).then(
      (value) => expect(value.name).toBe("New name"),
    );
    await expectAccepted({ description: null }, UpdateSavedPixelDto);
    await expectAccepted({ config: { type: "pageview" } }, UpdateSavedPixelDto);
    await expectAccepted({ target_platform: "gtm" }, UpdateSavedPixelDto);
  });

  it("validates what is given with the create rules", async () => {
    await expectFields({ name: "   " }, ["name"], UpdateSavedPixelDto);
    await expectFields(
      { description: "x".repeat(501) },
      ["description"],
      UpdateSavedPixelDto,
    );
    await expectFields(
      { config: { type: "conversion" } },
      ["config.conversion_type"],
      UpdateSavedPixelDto,
    );
    await expectFields(
      { target_platform: "adobe" },
      ["target_platform"],
      UpdateSavedPixelDto,
    );
    await expectFields({ extra: true }, ["extra"], UpdateSavedPixelDto);
  });

  it("refuses null for name and config (they cannot be cleared)", async () => {
    await expectFields({ name: null }, ["name"], UpdateSavedPixelDto);
    await expectFields({ config: null }, ["config"], UpdateSavedPixelDto);
  });
});

describe("PreviewSavedPixelDto through BODY_VALIDATION", () => {
  it("needs a config with the same rules, name optional", async () => {
    await expectAccepted(
      { config: { type: "pageview" } },
      PreviewSavedPixelDto,
    );
    await expectFields({}, ["config"], PreviewSavedPixelDto);
    await expectFields(
      { config: { type: "pageview", conversion_type: "x" } },
      ["config.conversion_type"],
      PreviewSavedPixelDto,
    );
  });
});

describe("config.history_pageviews (CONTRACT.md §10)", () => {
  it("accepts true on a pageview and false or null anywhere", async () => {
    for (const config of [
      { type: "pageview", history_pageviews: true },
      { type: "pageview", history_pageviews: false },
      {
        type: "conversion",
        conversion_type: "purchase",
        history_pageviews: false,
      },
      {
        type: "microconversion",
        conversion_type: "signup",
        history_pageviews: null,
      },
    ]) {
      const { details } = await run({ name: "n", config });
      expect(details).toBeUndefined();
    }
  });

  it("refuses true on other types and anything but a boolean", async () => {
    await expectFields(
      {
        name: "n",
        config: {
          type: "conversion",
          conversion_type: "purchase",
          history_pageviews: true,
        },
      },
      ["config.history_pageviews"],
    );
    await expectFields(
      { name: "n", config: { type: "pageview", history_pageviews: "yes" } },
      ["config.history_pageviews"],
    );
  });
});
