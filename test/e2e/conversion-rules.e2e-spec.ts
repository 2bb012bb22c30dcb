import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";
import { expectError } from "../support/expect-error";
import type { ApiResponse } from "../support/test-app";

/** A 400 VALIDATION_FAILED in the envelope whose details name `field`. */
function expectValidationError(response: ApiResponse, field: string): void {
  expectError(response, 400, "VALIDATION_FAILED");
  expect(
    response.body.error.details.map(
      (detail: { field: string }) => detail.field,
    ),
  ).toContain(field);
}

/**
 * Contract §7 over HTTP: every conversion-rule field, its default, its bounds,
 * the per-type rules, PUT, list items, the builder options, and the runtime
 * config route. Runs on SQLite and again on PostgreSQL.
 */

const CONVERSION_DEFAULTS = {
  state: "active",
  event_category: null,
  trigger_type: "hybrid",
  post_view_expire_mins: 1440,
  post_click_expire_mins: 20160,
  post_view_value: null,
  post_click_value: null,
  piggyback_pixels: [],
  consent_mode: "off",
};

const PAGEVIEW_DEFAULTS = {
  ...CONVERSION_DEFAULTS,
  trigger_type: null,
  post_view_expire_mins: null,
  post_click_expire_mins: null,
  min_minutes_per_conv: null,
};

describe("conversion rules (§7) over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PIXEL_CONFIG_TTL_S: "0" });
  });
  afterAll(() => t.close());

  function client() {
    const account = t.account("rules");
    const token = t.token(account);
    const create = (body: Record<string, unknown>) =>
      request(t.baseUrl, "POST", `/saved-pixels?account_id=${account}`, {
        token,
        json: pixelBody(body),
      });
    const put = (id: string, body: Record<string, unknown>) =>
      request(t.baseUrl, "PUT", `/saved-pixels/${id}?account_id=${account}`, {
        token,
        json: body,
      });
    const get = (id: string) =>
      request(t.baseUrl, "GET", `/saved-pixels/${id}?account_id=${account}`, {
        token,
      });
    const list = () =>
      request(t.baseUrl, "GET", `/saved-pixels?account_id=${account}`, {
        token,
      });
    return { account, token, create, put, get, list };
  }

  /** Every artifact of each platform's install code, joined per platform. */
  async function everyPlatformsCode(
    c: { account: string; token: string },
    id: string,
  ): Promise<string[]> {
    const codes: string[] = [];
    for (const platform of ["javascript", "gtm", "tealium"]) {
      const code = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/${id}/code?account_id=${c.account}&platform=${platform}`,
        { token: c.token },
      );
      expect(code.status).toBe(200);
      codes.push(
        code.body.data.artifacts
          .map((artifact: { content: string }) => artifact.content)
          .join("\n"),
      );
    }
    return codes;
  }

  const PAGEVIEW = { config: { type: "pageview" } };
  const conversion = (conversionType: string) => ({
    config: { type: "conversion", conversion_type: conversionType },
  });

  it("creates a conversion with every default, and GET and the list show them", async () => {
    const c = client();
    const created = await c.create({});
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      ...CONVERSION_DEFAULTS,
      min_minutes_per_conv: 0, // purchase counts every order
    });
    const got = await c.get(created.body.data.id);
    expect(got.body.data).toMatchObject({
      ...CONVERSION_DEFAULTS,
      min_minutes_per_conv: 0,
    });
    const listed = await c.list();
    expect(listed.body.data[0].state).toBe("active");
  });

  it.each([
    ["purchase", 0],
    ["add_to_cart", 0],
    ["begin_checkout", 0],
    ["signup", null],
    ["lead", null],
    ["custom thing", null],
  ])(
    "defaults min_minutes_per_conv for conversion_type %j to %j",
    async (conversionType, expected) => {
      const created = await client().create(conversion(conversionType));
      expect(created.status).toBe(201);
      expect(created.body.data.min_minutes_per_conv).toBe(expected);
    },
  );

  it("gives a pageview null conversion-only fields", async () => {
    const created = await client().create(PAGEVIEW);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject(PAGEVIEW_DEFAULTS);
  });

  it("accepts every field on create and returns it exactly", async () => {
    const rules = {
      state: "inactive",
      event_category: "purchase",
      trigger_type: "click",
      post_view_expire_mins: 1,
      post_click_expire_mins: 129600,
      post_view_value: 0,
      post_click_value: 12.5,
      min_minutes_per_conv: 32767,
      piggyback_pixels: [
        {
          pixel_type: "img",
          url: "https://ads.example/c?o={transaction_id}&v={revenue}",
        },
        { pixel_type: "js", url: "http://tags.example/t.js" },
      ],
      consent_mode: "advanced",
    };
    const c = client();
    const created = await c.create(rules);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject(rules);
    expect((await c.get(created.body.data.id)).body.data).toMatchObject(rules);
    expect((await c.list()).body.data[0].state).toBe("inactive");
  });

  it("accepts the bounds and null where the table allows it", async () => {
    for (const body of [
      { post_view_expire_mins: 43200 },
      { post_view_expire_mins: null },
      { post_click_expire_mins: 1 },
      { post_click_expire_mins: null },
      { min_minutes_per_conv: 0 },
      { min_minutes_per_conv: null },
      { event_category: null },
      { post_view_value: null, post_click_value: 1e15 },
      { piggyback_pixels: [] },
      ...["landing_page", "item_view", "add_to_cart", "initiate_checkout"].map(
        (event_category) => ({ event_category }),
      ),
      { event_category: "add_payment_info" },
      { event_category: "lead" },
      { trigger_type: "view" },
      { consent_mode: "basic" },
      {
        piggyback_pixels: Array.from({ length: 10 }, (_, i) => ({
          pixel_type: "img",
          url: `https://a.example/${i}?${"x".repeat(2048 - 24)}`.slice(0, 2048),
        })),
      },
    ]) {
      const created = await client().create(body);
      expect({ body, status: created.status }).toEqual({ body, status: 201 });
      expect(created.body.data).toMatchObject(body);
    }
  });

  it.each([
    ["state", "on"],
    ["state", null],
    ["event_category", "purchases"],
    ["event_category", 7],
    ["trigger_type", "both"],
    ["trigger_type", null],
    ["post_view_expire_mins", 0],
    ["post_view_expire_mins", 43201],
    ["post_view_expire_mins", 1.5],
    ["post_view_expire_mins", "60"],
    ["post_click_expire_mins", 0],
    ["post_click_expire_mins", 129601],
    ["post_view_value", -1],
    ["post_view_value", "1"],
    ["post_click_value", 1e16],
    ["min_minutes_per_conv", -1],
    ["min_minutes_per_conv", 32768],
    ["min_minutes_per_conv", 2.5],
    ["piggyback_pixels", null],
    ["piggyback_pixels", "https://a.example/"],
    ["consent_mode", "full"],
    ["consent_mode", null],
  ])("refuses %s = %j with a 400 naming it", async (field, value) => {
    const response = await client().create({ [field]: value });
    expectValidationError(response, field);
  });

  it.each([
    ["javascript:alert(1)", "piggyback_pixels.0.url"],
    ["data:image/gif;base64,R0lGODlh", "piggyback_pixels.0.url"],
    ["//ads.example/c", "piggyback_pixels.0.url"],
    ["/relative", "piggyback_pixels.0.url"],
    ["https://user:pass@ads.example/c", "piggyback_pixels.0.url"],
    ["https://user@ads.example/c", "piggyback_pixels.0.url"],
    ["https://ads.example/c?a=1\nb", "piggyback_pixels.0.url"],
    ["https://ads.example/c?a=\u0000", "piggyback_pixels.0.url"],
    ["https://ads.example/a b", "piggyback_pixels.0.url"],
    ["ftp://ads.example/c", "piggyback_pixels.0.url"],
    [`https://ads.example/${"x".repeat(2030)}`, "piggyback_pixels.0.url"],
  ])("refuses the piggyback URL %j", async (url, field) => {
    const response = await client().create({
      piggyback_pixels: [{ pixel_type: "img", url }],
    });
    expectValidationError(response, field);
  });

  it("refuses more than 10 piggybacks, a bad pixel_type and unknown keys, naming each", async () => {
    const eleven = Array.from({ length: 11 }, () => ({
      pixel_type: "img",
      url: "https://a.example/",
    }));
    expectValidationError(
      await client().create({ piggyback_pixels: eleven }),
      "piggyback_pixels",
    );
    const bad = await client().create({
      piggyback_pixels: [
        { pixel_type: "iframe", url: "https://a.example/" },
        { pixel_type: "img", url: "https://a.example/", extra: 1 },
        "https://a.example/",
      ],
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map(
      (detail: { field: string }) => detail.field,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        "piggyback_pixels.0.pixel_type",
        "piggyback_pixels.1.extra",
        "piggyback_pixels.2",
      ]),
    );
  });

  it("keeps quotes and </script> in a valid piggyback URL as data", async () => {
    const url = `https://ads.example/c?q='"</script><script>alert(1)</script>`;
    const c = client();
    const created = await c.create({
      piggyback_pixels: [{ pixel_type: "js", url }],
    });
    expect(created.status).toBe(201);
    expect(created.body.data.piggyback_pixels).toEqual([
      { pixel_type: "js", url },
    ]);
    const runtime = await request(
      t.baseUrl,
      "GET",
      `/pixels/${created.body.data.id}/config.json`,
    );
    expect(runtime.text).not.toContain("<");
    expect(JSON.parse(runtime.text).piggyback_pixels[0].url).toBe(url);
  });

  it("never puts a piggyback URL into install code (the runtime config carries it, as JSON data)", async () => {
    const c = client();
    const urls = [
      `https://ads.example/c?q='"</script><script>alert(1)</script>`,
      "https://ads.example/{{Click_URL}}?x=${alert(1)}&y=\\u2028",
      "https://ads.example/<!--",
    ];
    const created = await c.create({
      piggyback_pixels: urls.map((url, i) => ({
        pixel_type: i % 2 ? "img" : "js",
        url,
      })),
    });
    expect(created.status).toBe(201);
    for (const code of await everyPlatformsCode(c, created.body.data.id))
      expect(code).not.toContain("ads.example");
    const runtime = await request(
      t.baseUrl,
      "GET",
      `/pixels/${created.body.data.id}/config.json`,
    );
    expect(runtime.text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(
      JSON.parse(runtime.text).piggyback_pixels.map(
        (p: { url: string }) => p.url,
      ),
    ).toEqual(urls);
  });

  it.each([
    "trigger_type",
    "post_view_expire_mins",
    "post_click_expire_mins",
    "post_view_value",
    "post_click_value",
    "min_minutes_per_conv",
  ])(
    "refuses a non-null %s on a pageview, on create and on update, and accepts null",
    async (field) => {
      const value = field === "trigger_type" ? "view" : 5;
      const c = client();
      expectValidationError(
        await c.create({ ...PAGEVIEW, [field]: value }),
        field,
      );
      const created = await c.create({ ...PAGEVIEW, [field]: null });
      expect(created.status).toBe(201);
      expectValidationError(
        await c.put(created.body.data.id, { [field]: value }),
        field,
      );
    },
  );

  it("PUT changes each field, leaves the others, and 400s a bad one", async () => {
    const c = client();
    const id = (await c.create(conversion("signup"))).body.data.id;
    const changes: Record<string, unknown>[] = [
      { state: "inactive" },
      { event_category: "lead" },
      { trigger_type: "view" },
      { post_view_expire_mins: 60 },
      { post_click_expire_mins: null },
      { post_view_value: 3 },
      { post_click_value: 4.25 },
      { min_minutes_per_conv: 30 },
      { piggyback_pixels: [{ pixel_type: "img", url: "https://a.example/" }] },
      { consent_mode: "basic" },
    ];
    let expected: Record<string, unknown> = {
      ...CONVERSION_DEFAULTS,
      min_minutes_per_conv: null,
    };
    for (const change of changes) {
      const updated = await c.put(id, change);
      expect(updated.status).toBe(200);
      expected = { ...expected, ...change };
      expect(updated.body.data).toMatchObject(expected);
    }
    expect((await c.get(id)).body.data).toMatchObject(expected);
    expectValidationError(await c.put(id, { state: "off" }), "state");
    expect((await c.get(id)).body.data).toMatchObject(expected);
  });

  it("changing the type resets or fills the conversion-only fields", async () => {
    const c = client();
    const id = (await c.create({ min_minutes_per_conv: 15 })).body.data.id;
    const toPageview = await c.put(id, PAGEVIEW);
    expect(toPageview.status).toBe(200);
    expect(toPageview.body.data).toMatchObject(PAGEVIEW_DEFAULTS);
    const back = await c.put(id, conversion("lead"));
    expect(back.body.data).toMatchObject({
      ...CONVERSION_DEFAULTS,
      min_minutes_per_conv: null,
    });
  });

  it("builder options list the event categories, trigger types and piggyback types", async () => {
    const options = await request(t.baseUrl, "GET", "/saved-pixels/options", {
      token: t.token(t.account()),
    });
    expect(options.body.data.event_categories).toEqual([
      { value: "landing_page", label: "Visit landing page", xandr_id: 2 },
      { value: "item_view", label: "View an item", xandr_id: 3 },
      { value: "add_to_cart", label: "Add to cart", xandr_id: 4 },
      { value: "initiate_checkout", label: "Initiate checkout", xandr_id: 5 },
      { value: "add_payment_info", label: "Add payment info", xandr_id: 6 },
      { value: "purchase", label: "Purchase", xandr_id: 7 },
      { value: "lead", label: "Generate lead", xandr_id: 8 },
    ]);
    expect(options.body.data.trigger_types).toEqual([
      { value: "hybrid", label: "Hybrid" },
      { value: "view", label: "View" },
      { value: "click", label: "Click" },
    ]);
    expect(options.body.data.piggyback_pixel_types).toEqual([
      { value: "img", label: "Image" },
      { value: "js", label: "JavaScript" },
    ]);
  });

  describe("transaction_id in config", () => {
    it("accepts a variable on conversions and microconversions and sends it from every platform", async () => {
      const c = client();
      const created = await c.create({
        config: {
          type: "microconversion",
          conversion_type: "signup",
          transaction_id: { source: "variable", value: "order.id" },
        },
      });
      expect(created.status).toBe(201);
      expect(created.body.data.config.transaction_id).toEqual({
        source: "variable",
        value: "order.id",
      });
      for (const code of await everyPlatformsCode(c, created.body.data.id)) {
        expect(code).toContain("transaction_id");
        expect(code).toContain("order");
      }
    });

    it("refuses a fixed one, one on a pageview, and a bad path", async () => {
      const c = client();
      const cases: [string, Record<string, unknown>, string][] = [
        ["conversion", { source: "fixed", value: "A-1" }, ".source"],
        ["pageview", { source: "variable", value: "order_id" }, ""],
        ["conversion", { source: "variable", value: "order['id']" }, ".value"],
      ];
      for (const [type, transaction_id, suffix] of cases) {
        const config: Record<string, unknown> = { type, transaction_id };
        if (type !== "pageview") config.conversion_type = "purchase";
        expectValidationError(
          await c.create({ config }),
          `config.transaction_id${suffix}`,
        );
      }
    });
  });

  describe("runtime config", () => {
    const runtime = (id: string, headers: Record<string, string> = {}) =>
      request(t.baseUrl, "GET", `/pixels/${id}/config.json`, { headers });

    it("shows state and piggybacks only, public, CORS open, no-store when PIXEL_CONFIG_TTL_S=0, with an ETag and 304", async () => {
      const c = client();
      const piggyback_pixels = [
        { pixel_type: "img", url: "https://a.example/?t={transaction_id}" },
      ];
      const id = (await c.create({ piggyback_pixels })).body.data.id;
      const first = await runtime(id);
      expect(first.status).toBe(200);
      expect(JSON.parse(first.text)).toEqual({
        state: "active",
        piggyback_pixels,
      });
      expect(first.headers.get("access-control-allow-origin")).toBe("*");
      expect(first.headers.get("cache-control")).toBe("no-store");
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^".+"$/);
      expect((await runtime(id, { "if-none-match": etag })).status).toBe(304);
      // A change is seen at once (no server cache with TTL 0), with a new ETag.
      await c.put(id, { piggyback_pixels: [] });
      const changed = await runtime(id, { "if-none-match": etag });
      expect(changed.status).toBe(200);
      expect(JSON.parse(changed.text)).toEqual({
        state: "active",
        piggyback_pixels: [],
      });
    });

    it("answers an inactive pixel and an unknown or malformed id identically", async () => {
      const c = client();
      const id = (
        await c.create({
          state: "inactive",
          piggyback_pixels: [{ pixel_type: "img", url: "https://a.example/" }],
        })
      ).body.data.id;
      const inactive = await runtime(id);
      const unknown = await runtime("pix_doesnotexist00");
      const malformed = await runtime("not-a-pixel");
      for (const response of [inactive, unknown, malformed]) {
        expect(response.status).toBe(200);
        expect(response.text).toBe(
          '{"state":"inactive","piggyback_pixels":[]}',
        );
        expect(response.headers.get("etag")).toBe(inactive.headers.get("etag"));
      }
    });

    it("caches for PIXEL_CONFIG_TTL_S by default", async () => {
      const other = await startTestApp();
      try {
        const response = await request(
          other.baseUrl,
          "GET",
          "/pixels/pix_abcdef123456/config.json",
        );
        expect(response.headers.get("cache-control")).toBe(
          "public, max-age=300",
        );
      } finally {
        await other.close();
      }
    });
  });
});
