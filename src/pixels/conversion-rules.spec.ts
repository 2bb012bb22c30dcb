import fc from "fast-check";
import {
  applyConversionRules,
  conversionRuleErrors,
  defaultConversionRules,
  defaultMinMinutesPerConv,
  piggybackUrlProblem,
  storedConversionRules,
} from "./conversion-rules";
import { fillPiggybackUrl } from "./piggyback-url";
import {
  INACTIVE_RUNTIME_CONFIG,
  runtimeConfigJson,
  runtimeConfigOf,
} from "./runtime-config";

describe("conversion rule defaults", () => {
  it("min_minutes_per_conv is 0 for order-like conversion types, else null", () => {
    expect(defaultMinMinutesPerConv("purchase")).toBe(0);
    expect(defaultMinMinutesPerConv("add_to_cart")).toBe(0);
    expect(defaultMinMinutesPerConv("begin_checkout")).toBe(0);
    expect(defaultMinMinutesPerConv("Purchase")).toBeNull();
    expect(defaultMinMinutesPerConv("signup")).toBeNull();
    expect(defaultMinMinutesPerConv(undefined)).toBeNull();
  });

  it("conversions get the table's defaults; pageviews null conversion-only fields", () => {
    expect(defaultConversionRules("microconversion", "signup")).toEqual({
      state: "active",
      event_category: null,
      trigger_type: "hybrid",
      post_view_expire_mins: 1440,
      post_click_expire_mins: 20160,
      post_view_value: null,
      post_click_value: null,
      min_minutes_per_conv: null,
      piggyback_pixels: [],
      consent_mode: "off",
    });
    expect(defaultConversionRules("pageview")).toMatchObject({
      trigger_type: null,
      post_view_expire_mins: null,
      post_click_expire_mins: null,
      min_minutes_per_conv: null,
    });
  });
});

describe("conversionRuleErrors", () => {
  const fields = (input: Record<string, unknown>, type = "conversion") =>
    conversionRuleErrors(input, type as "conversion").map((e) => e.field);

  it.each([
    [{ state: "active" }, []],
    [{ state: "paused" }, ["state"]],
    [{ event_category: "lead" }, []],
    [{ event_category: 8 }, ["event_category"]],
    [{ trigger_type: "hybrid" }, []],
    [{ trigger_type: null }, ["trigger_type"]],
    [{ post_view_expire_mins: 43200 }, []],
    [{ post_view_expire_mins: 43201 }, ["post_view_expire_mins"]],
    [{ post_view_expire_mins: null }, []],
    [{ post_click_expire_mins: 129600 }, []],
    [{ post_click_expire_mins: 0 }, ["post_click_expire_mins"]],
    [{ post_view_value: 0.5 }, []],
    [{ post_view_value: Number.NaN }, ["post_view_value"]],
    [{ post_click_value: -0.01 }, ["post_click_value"]],
    [{ min_minutes_per_conv: 0 }, []],
    [{ min_minutes_per_conv: 32767 }, []],
    [{ min_minutes_per_conv: 32768 }, ["min_minutes_per_conv"]],
    [{ consent_mode: "advanced" }, []],
    [{ consent_mode: "yes" }, ["consent_mode"]],
    [{ piggyback_pixels: {} }, ["piggyback_pixels"]],
  ])("%j → %j", (input, expected) => {
    expect(fields(input)).toEqual(expected);
  });

  it("refuses non-null conversion-only fields on a pageview, accepts null", () => {
    expect(
      fields(
        { trigger_type: "view", min_minutes_per_conv: 0, post_view_value: 1 },
        "pageview",
      ),
    ).toEqual(["trigger_type", "post_view_value", "min_minutes_per_conv"]);
    expect(
      fields({ trigger_type: null, min_minutes_per_conv: null }, "pageview"),
    ).toEqual([]);
    expect(fields({ event_category: "lead" }, "pageview")).toEqual([]);
  });
});

describe("piggybackUrlProblem", () => {
  it.each([
    "https://ads.example/c?o={transaction_id}",
    "http://ads.example:8080/p",
    "HTTPS://ADS.EXAMPLE/",
    "https://ads.example/c?q='\"</script>",
    "https://xn--bcher-kva.example/ü",
  ])("accepts %j", (url) => expect(piggybackUrlProblem(url)).toBeNull());

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "//ads.example/",
    "https:ads.example",
    "https://user:pw@ads.example/",
    "https://@ads.example/",
    "https://ads.example/\u0000",
    "https://ads.example/\t",
    "https://ads.example/\u2028",
    " https://ads.example/",
    "https://",
    `https://a.example/${"x".repeat(2048)}`,
    42,
    null,
  ])("refuses %j", (url) => expect(piggybackUrlProblem(url)).not.toBeNull());
});

describe("applyConversionRules", () => {
  it("keeps what the update leaves out, and nulls conversion-only fields on a pageview", () => {
    const created = applyConversionRules(
      null,
      { min_minutes_per_conv: 10, state: "inactive" },
      "conversion",
      "signup",
    );
    expect(created.min_minutes_per_conv).toBe(10);
    const updated = applyConversionRules(
      created,
      { consent_mode: "basic" },
      "conversion",
      "signup",
    );
    expect(updated).toEqual({ ...created, consent_mode: "basic" });
    const pageview = applyConversionRules(updated, {}, "pageview", undefined);
    expect(pageview.min_minutes_per_conv).toBeNull();
    expect(pageview.state).toBe("inactive");
    const again = applyConversionRules(pageview, {}, "conversion", "purchase");
    expect(again.trigger_type).toBe("hybrid");
    expect(again.min_minutes_per_conv).toBe(0);
  });

  it("reads stored rules with defaults for missing or unreadable JSON", () => {
    expect(
      storedConversionRules("inactive", "not json", "pageview", null),
    ).toEqual({ ...defaultConversionRules("pageview"), state: "inactive" });
    expect(
      storedConversionRules(
        "active",
        '{"consent_mode":"basic"}',
        "conversion",
        "purchase",
      ).consent_mode,
    ).toBe("basic");
  });
});

describe("fillPiggybackUrl", () => {
  it("fills every placeholder URL-encoded, empty when unknown, and leaves other braces", () => {
    expect(
      fillPiggybackUrl(
        "https://a.example/?e={event_id}&t={transaction_id}&r={revenue}&c={currency}&k={conversion_type}&p={pixel_id}&x={other}",
        {
          event_id: "e1",
          transaction_id: "A&B=1/?#",
          revenue: 49.99,
          currency: null,
          conversion_type: "sign up",
          pixel_id: "pix_abc123",
        },
      ),
    ).toBe(
      "https://a.example/?e=e1&t=A%26B%3D1%2F%3F%23&r=49.99&c=&k=sign%20up&p=pix_abc123&x={other}",
    );
  });

  it("never lets a value add a parameter, path or scheme", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const filled = fillPiggybackUrl(
          "https://a.example/p?t={transaction_id}",
          { transaction_id: value },
        );
        const url = new URL(filled);
        expect(url.origin).toBe("https://a.example");
        expect(url.pathname).toBe("/p");
        expect([...url.searchParams.keys()]).toEqual(["t"]);
        // Lone surrogates are not encodable: encodeURIComponent throws on them.
      }),
      { numRuns: 300, examples: [["&x=1#frag"], ["</script>"]] },
    );
  });
});

describe("runtime config", () => {
  it("shows only state and piggybacks, and an inactive pixel exactly as an unknown one", () => {
    const pixel = {
      state: "active" as const,
      piggyback_pixels: [
        { pixel_type: "img" as const, url: "https://a.example/" },
      ],
      name: "secret",
    };
    expect(runtimeConfigOf(pixel)).toEqual({
      state: "active",
      piggyback_pixels: [{ pixel_type: "img", url: "https://a.example/" }],
    });
    expect(runtimeConfigOf({ ...pixel, state: "inactive" })).toEqual(
      runtimeConfigOf(null),
    );
    expect(runtimeConfigOf(null)).toBe(INACTIVE_RUNTIME_CONFIG);
  });

  it("is JSON that stays inert even inside an HTML script element", () => {
    fc.assert(
      fc.property(fc.string(), (tail) => {
        const url = `https://a.example/?q=${tail}</script><!--\u2028`;
        const json = runtimeConfigJson({
          state: "active",
          piggyback_pixels: [{ pixel_type: "js", url }],
        });
        expect(json).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(json).piggyback_pixels[0].url).toBe(url);
      }),
      { numRuns: 300 },
    );
  });
});
