import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";
import { expectError } from "../support/expect-error";
import { PIXEL_ID } from "../../src/pixels/pixel-id";

/**
 * The seed's routes over real HTTP: shapes, listing, ETag / If-Match, and what a
 * failed write leaves behind. Every test works in its own fresh account.
 */

const SEED_CONFIG = {
  type: "conversion",
  conversion_type: "purchase",
  revenue: { source: "variable", value: "order_total" },
  currency: { source: "fixed", value: "EUR" },
  properties: [{ key: "sku", source: "variable", value: "product_sku" }],
};
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("saved pixels over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** A fresh account with an editor token and helpers bound to it. */
  function workspace(role = "editor", user = "7") {
    const account = t.account();
    const token = t.token(account, role, user);
    const q = `?account_id=${account}`;
    return {
      account,
      token,
      create: (body: Record<string, unknown> = pixelBody()) =>
        request(t.baseUrl, "POST", `/saved-pixels${q}`, { token, json: body }),
      get: (id: string) =>
        request(t.baseUrl, "GET", `/saved-pixels/${id}${q}`, { token }),
      list: (query = "") =>
        request(t.baseUrl, "GET", `/saved-pixels${q}${query}`, { token }),
      put: (id: string, json: unknown, headers: Record<string, string> = {}) =>
        request(t.baseUrl, "PUT", `/saved-pixels/${id}${q}`, {
          token,
          json,
          headers,
        }),
      del: (id: string, headers: Record<string, string> = {}) =>
        request(t.baseUrl, "DELETE", `/saved-pixels/${id}${q}`, {
          token,
          headers,
        }),
    };
  }

  async function created(
    w: ReturnType<typeof workspace>,
    body?: Record<string, unknown>,
  ) {
    const response = await w.create(body);
    expect(response.status).toBe(201);
    return response;
  }

  describe("POST /saved-pixels", () => {
    it("answers 201 with exactly the seed's full object, an ETag and a Location", async () => {
      const w = workspace("editor", "7");
      const before = Date.now();
      const response = await w.create({
        name: "  Purchase conversion  ",
        description: "Standard purchase tracking",
        config: SEED_CONFIG,
        target_platform: "javascript",
      });
      expect(response.status).toBe(201);
      expect(response.headers.get("content-type")).toMatch(
        /^application\/json/,
      );
      const data = response.body.data;
      expect(response.body).toEqual({
        success: true,
        data: {
          id: expect.stringMatching(PIXEL_ID),
          account_id: w.account,
          name: "Purchase conversion",
          description: "Standard purchase tracking",
          config: SEED_CONFIG,
          // Contract §7's conversion rules, at their defaults for a purchase.
          state: "active",
          event_category: null,
          trigger_type: "hybrid",
          post_view_expire_mins: 1440,
          post_click_expire_mins: 20160,
          post_view_value: null,
          post_click_value: null,
          min_minutes_per_conv: 0,
          piggyback_pixels: [],
          consent_mode: "off",
          target_platform: "javascript",
          created_by: 7,
          created_at: expect.stringMatching(TIMESTAMP),
          updated_at: data.created_at,
          status: "unverified",
          last_event_at: null,
        },
      });
      const createdAt = Date.parse(data.created_at);
      expect(createdAt).toBeGreaterThanOrEqual(
        Math.floor(before / 1000) * 1000,
      );
      expect(createdAt).toBeLessThanOrEqual(Date.now());
      expect(response.headers.get("etag")).toMatch(/^"[^"]+"$/);
      expect(response.headers.get("location")).toBe(
        `/saved-pixels/${data.id}?account_id=${w.account}`,
      );
    });

    it("defaults target_platform to javascript and description to null", async () => {
      const w = workspace();
      const response = await created(w, {
        name: "Minimal",
        config: { type: "pageview" },
      });
      expect(response.body.data).toMatchObject({
        description: null,
        config: { type: "pageview" },
        target_platform: "javascript",
      });
    });

    it.each(["javascript", "gtm", "tealium"])(
      "keeps target_platform %s",
      async (platform) => {
        const w = workspace();
        const response = await created(
          w,
          pixelBody({ target_platform: platform }),
        );
        expect(response.body.data.target_platform).toBe(platform);
      },
    );

    it("stores only known config fields, dropping empty optional ones", async () => {
      const w = workspace();
      const response = await created(w, {
        name: "Sparse",
        config: {
          type: "microconversion",
          conversion_type: "newsletter_signup",
          revenue: null,
          currency: null,
          properties: [],
        },
      });
      expect(response.body.data.config).toEqual({
        type: "microconversion",
        conversion_type: "newsletter_signup",
      });
    });

    it("gives every pixel its own id", async () => {
      const w = workspace();
      const ids = new Set<string>();
      for (let i = 0; i < 5; i += 1) ids.add((await created(w)).body.data.id);
      expect(ids.size).toBe(5);
    });

    it.each([
      ["7", 7],
      ["0", 0],
      ["alice", "alice"],
      ["007", "007"],
    ])(
      "sets created_by from the token's sub %j → %j",
      async (user, createdBy) => {
        const w = workspace("editor", user);
        const response = await created(w);
        expect(response.body.data.created_by).toBe(createdBy);
        expect((await w.get(response.body.data.id)).body.data.created_by).toBe(
          createdBy,
        );
      },
    );

    it("takes a numeric sub claim as a number", async () => {
      const account = t.account();
      const token = t.sign({
        sub: 42,
        accounts: { [account]: "editor" },
        exp: Math.floor(Date.now() / 1000) + 600,
      });
      const response = await request(
        t.baseUrl,
        "POST",
        `/saved-pixels?account_id=${account}`,
        { token, json: pixelBody() },
      );
      expect(response.status).toBe(201);
      expect(response.body.data.created_by).toBe(42);
    });

    it("ignores no part of a refused body: a 400 creates nothing", async () => {
      const w = workspace();
      const refused = await w.create(
        pixelBody({ config: { type: "pageview", conversion_type: "x" } }),
      );
      expectError(refused, 400, "VALIDATION_FAILED", [
        "config.conversion_type",
      ]);
      expect((await w.list()).body.meta.total).toBe(0);
    });
  });

  describe("GET /saved-pixels/{id}", () => {
    it("answers the same full object and ETag the create gave", async () => {
      const w = workspace();
      const create = await created(w);
      const response = await w.get(create.body.data.id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true, data: create.body.data });
      expect(response.headers.get("etag")).toBe(create.headers.get("etag"));
    });

    it.each(["pix_unknown1", "pix_000000000000", "nothing-like-an-id", "%20"])(
      "answers 404 NOT_FOUND for %j",
      async (id) => {
        const w = workspace();
        expectError(await w.get(id), 404, "NOT_FOUND");
      },
    );

    it("does not find a pixel by its id in another case", async () => {
      const w = workspace();
      const { id } = (await created(w)).body.data;
      expectError(await w.get(id.toUpperCase()), 404, "NOT_FOUND");
    });
  });

  describe("GET /saved-pixels", () => {
    it("lists the seed's summary shape, with meta", async () => {
      const w = workspace();
      const create = await created(w, {
        name: "Purchase conversion",
        description: "Standard purchase tracking",
        config: SEED_CONFIG,
        target_platform: "gtm",
      });
      const pixel = create.body.data;
      const response = await w.list();
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        success: true,
        data: [
          {
            id: pixel.id,
            name: "Purchase conversion",
            description: "Standard purchase tracking",
            pixel_type: "conversion",
            conversion_type: "purchase",
            target_platform: "gtm",
            created_at: pixel.created_at,
            updated_at: pixel.updated_at,
            status: "unverified",
            last_event_at: null,
            owner_account_id: pixel.account_id,
            shared: false,
            state: "active",
          },
        ],
        meta: { total: 1, limit: 50, offset: 0 },
      });
    });

    it("shows conversion_type null for a pageview", async () => {
      const w = workspace();
      await created(w, { name: "Views", config: { type: "pageview" } });
      const [item] = (await w.list()).body.data;
      expect(item).toMatchObject({
        pixel_type: "pageview",
        conversion_type: null,
      });
    });

    it("answers an empty list for a new account", async () => {
      const w = workspace();
      expect((await w.list()).body).toEqual({
        success: true,
        data: [],
        meta: { total: 0, limit: 50, offset: 0 },
      });
    });

    describe("ordering and pages", () => {
      const w = {
        current: undefined as ReturnType<typeof workspace> | undefined,
      };
      const ids: string[] = []; // creation order, oldest first

      beforeAll(async () => {
        w.current = workspace();
        for (let i = 0; i < 7; i += 1) {
          ids.push(
            (await created(w.current, pixelBody({ name: `P${i}` }))).body.data
              .id,
          );
          await sleep(3); // distinct creation instants
        }
      });

      it("lists newest first", async () => {
        const response = await w.current!.list();
        expect(response.body.data.map((p: { id: string }) => p.id)).toEqual(
          [...ids].reverse(),
        );
        expect(response.body.meta).toEqual({ total: 7, limit: 50, offset: 0 });
      });

      it("pages with limit and offset, total counting all", async () => {
        const newest = [...ids].reverse();
        const pages: string[] = [];
        for (const offset of [0, 3, 6]) {
          const response = await w.current!.list(`&limit=3&offset=${offset}`);
          expect(response.status).toBe(200);
          expect(response.body.meta).toEqual({ total: 7, limit: 3, offset });
          pages.push(...response.body.data.map((p: { id: string }) => p.id));
        }
        expect(pages).toEqual(newest);
        const page2 = await w.current!.list("&limit=3&offset=3");
        expect(page2.body.data.map((p: { id: string }) => p.id)).toEqual(
          newest.slice(3, 6),
        );
      });

      it("answers an empty page past the end, still with the total", async () => {
        const response = await w.current!.list("&offset=50");
        expect(response.body).toEqual({
          success: true,
          data: [],
          meta: { total: 7, limit: 50, offset: 50 },
        });
      });

      it.each(["1", "200"])("accepts limit=%s", async (limit) => {
        const response = await w.current!.list(`&limit=${limit}`);
        expect(response.status).toBe(200);
        expect(response.body.meta.limit).toBe(Number(limit));
        expect(response.body.data).toHaveLength(Math.min(7, Number(limit)));
      });

      it.each(["0", "201", "abc", "-1", "1.5", ""])(
        "refuses limit=%j with 400 naming limit",
        async (limit) => {
          expectError(
            await w.current!.list(`&limit=${limit}`),
            400,
            "VALIDATION_FAILED",
            ["limit"],
          );
        },
      );

      it.each(["-1", "abc"])(
        "refuses offset=%j with 400 naming offset",
        async (offset) => {
          expectError(
            await w.current!.list(`&offset=${offset}`),
            400,
            "VALIDATION_FAILED",
            ["offset"],
          );
        },
      );
    });

    it("filters by pixel_type, with total counting the filtered set", async () => {
      const w = workspace();
      const byType: Record<string, string[]> = {
        pageview: [],
        conversion: [],
        microconversion: [],
      };
      const configs: Record<string, unknown> = {
        pageview: { type: "pageview" },
        conversion: { type: "conversion", conversion_type: "purchase" },
        microconversion: {
          type: "microconversion",
          conversion_type: "add_to_cart",
        },
      };
      for (const [i, type] of [
        "pageview",
        "conversion",
        "pageview",
        "microconversion",
        "conversion",
        "pageview",
      ].entries()) {
        const response = await created(
          w,
          pixelBody({ name: `T${i}`, config: configs[type] }),
        );
        byType[type].unshift(response.body.data.id);
        await sleep(3);
      }
      for (const type of Object.keys(byType)) {
        const response = await w.list(`&pixel_type=${type}`);
        expect(response.status).toBe(200);
        expect(response.body.data.map((p: { id: string }) => p.id)).toEqual(
          byType[type],
        );
        for (const item of response.body.data)
          expect(item.pixel_type).toBe(type);
        expect(response.body.meta.total).toBe(byType[type].length);
      }
      const paged = await w.list("&pixel_type=pageview&limit=1&offset=1");
      expect(paged.body.data.map((p: { id: string }) => p.id)).toEqual([
        byType.pageview[1],
      ]);
      expect(paged.body.meta).toEqual({ total: 3, limit: 1, offset: 1 });
    });

    it.each(["PAGEVIEW", "click", ""])(
      "refuses pixel_type=%j with 400 naming pixel_type",
      async (type) => {
        const w = workspace();
        expectError(
          await w.list(`&pixel_type=${type}`),
          400,
          "VALIDATION_FAILED",
          ["pixel_type"],
        );
      },
    );

    it("filters by status: new pixels are unverified", async () => {
      const w = workspace();
      await created(w);
      await created(w);
      const unverified = await w.list("&status=unverified");
      expect(unverified.body.meta.total).toBe(2);
      for (const item of unverified.body.data)
        expect(item.status).toBe("unverified");
      expect((await w.list("&status=active")).body).toMatchObject({
        data: [],
        meta: { total: 0 },
      });
      expect((await w.list("&status=inactive")).body.meta.total).toBe(0);
      expectError(await w.list("&status=live"), 400, "VALIDATION_FAILED", [
        "status",
      ]);
    });

    it("filters by state (the on/off switch), beside the other filters", async () => {
      const w = workspace();
      const on = await created(w);
      const off = await created(w, pixelBody({ state: "inactive" }));
      await created(w, pixelBody({ config: { type: "pageview" } }));
      const inactive = await w.list("&state=inactive");
      expect(inactive.body.meta.total).toBe(1);
      expect(inactive.body.data[0]).toMatchObject({
        id: off.body.data.id,
        state: "inactive",
      });
      const active = await w.list("&state=active&pixel_type=conversion");
      expect(active.body.data.map((p: { id: string }) => p.id)).toEqual([
        on.body.data.id,
      ]);
      expect((await w.list("&state=active")).body.meta.total).toBe(2);
      expectError(await w.list("&state=paused"), 400, "VALIDATION_FAILED", [
        "state",
      ]);
    });

    it("searches names case-insensitively, with % and _ taken literally, before paging", async () => {
      const w = workspace();
      for (const name of [
        "Checkout Purchase",
        "Newsletter signup",
        "purchase (mobile)",
        "100% off_sale",
        "100x offxsale",
      ]) {
        await created(w, pixelBody({ name }));
        await sleep(3);
      }
      const names = async (query: string) => {
        const response = await w.list(query);
        expect(response.status).toBe(200);
        return {
          names: response.body.data.map((p: { name: string }) => p.name),
          total: response.body.meta.total,
        };
      };
      expect(await names("&search=PURCHASE")).toEqual({
        names: ["purchase (mobile)", "Checkout Purchase"],
        total: 2,
      });
      expect(await names("&search=purchase&limit=1&offset=1")).toEqual({
        names: ["Checkout Purchase"],
        total: 2,
      });
      expect((await names("&search=0%25%20off_")).names).toEqual([
        "100% off_sale",
      ]);
      expect((await names("&search=nothing-like-this")).total).toBe(0);
      expect((await names("&search=")).total).toBe(5);
      expectError(
        await w.list(`&search=${"x".repeat(101)}`),
        400,
        "VALIDATION_FAILED",
        ["search"],
      );
    });

    it("lists only the account's own pixels", async () => {
      const a = workspace();
      const b = workspace();
      const mine = (await created(a)).body.data.id;
      await created(b);
      await created(b);
      const response = await a.list();
      expect(response.body.data.map((p: { id: string }) => p.id)).toEqual([
        mine,
      ]);
      expect(response.body.meta.total).toBe(1);
    });
  });

  describe("GET /saved-pixels/options", () => {
    const SEED_OPTIONS = {
      conversion_types: [
        { value: "purchase", label: "Purchase" },
        { value: "signup", label: "Sign up" },
        { value: "lead", label: "Lead" },
        { value: "add_to_cart", label: "Add to cart" },
        { value: "begin_checkout", label: "Begin checkout" },
        { value: "contact", label: "Contact" },
        { value: "download", label: "Download" },
        { value: "subscribe", label: "Subscribe" },
      ],
      properties: [
        { value: "currency", label: "Currency" },
        { value: "brand", label: "Brand" },
        { value: "model", label: "Model" },
        { value: "category", label: "Category" },
        { value: "size", label: "Size" },
        { value: "color", label: "Color" },
        { value: "variant", label: "Variant" },
        { value: "sku", label: "SKU" },
      ],
    };

    it("answers the seed's eight conversion types and eight properties, in order, without account_id", async () => {
      const w = workspace("viewer");
      const response = await request(
        t.baseUrl,
        "GET",
        "/saved-pixels/options",
        {
          token: w.token,
        },
      );
      expect(response.status).toBe(200);
      expect(response.body.success).toBe(true);
      expect(response.body.data.conversion_types).toEqual(
        SEED_OPTIONS.conversion_types,
      );
      expect(response.body.data.properties).toEqual(SEED_OPTIONS.properties);
      expect(Object.keys(response.body)).toEqual(["success", "data"]);
    });

    it("needs only a valid token: no role on any account, any account_id", async () => {
      const token = t.sign({ sub: 1, accounts: {} });
      for (const path of [
        "/saved-pixels/options",
        "/saved-pixels/options?account_id=someone-else",
      ]) {
        const response = await request(t.baseUrl, "GET", path, { token });
        expect(response.status).toBe(200);
        expect(response.body.data.conversion_types).toHaveLength(8);
      }
    });

    it("answers 401 without a token", async () => {
      const response = await request(t.baseUrl, "GET", "/saved-pixels/options");
      expectError(response, 401, "UNAUTHENTICATED");
    });
  });

  describe("PUT /saved-pixels/{id}", () => {
    it("renames, keeps the rest, bumps the ETag and leaves created_* alone", async () => {
      const w = workspace("editor", "7");
      const create = await created(w);
      const before = create.body.data;
      const other = t.token(w.account, "admin", "9");
      const response = await request(
        t.baseUrl,
        "PUT",
        `/saved-pixels/${before.id}?account_id=${w.account}`,
        { token: other, json: { name: "  Checkout purchase " } },
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        success: true,
        data: {
          ...before,
          name: "Checkout purchase",
          updated_at: expect.stringMatching(TIMESTAMP),
        },
      });
      expect(response.body.data.created_by).toBe(7);
      expect(response.body.data.updated_at >= before.created_at).toBe(true);
      const etag = response.headers.get("etag");
      expect(etag).toMatch(/^"[^"]+"$/);
      expect(etag).not.toBe(create.headers.get("etag"));
      const got = await w.get(before.id);
      expect(got.body.data).toEqual(response.body.data);
      expect(got.headers.get("etag")).toBe(etag);
    });

    it("replaces the config whole and updates pixel_type and conversion_type in the list", async () => {
      const w = workspace();
      const { id } = (await created(w, pixelBody({ config: SEED_CONFIG }))).body
        .data;
      const toMicro = await w.put(id, {
        config: { type: "microconversion", conversion_type: "add_to_cart" },
      });
      expect(toMicro.status).toBe(200);
      expect(toMicro.body.data.config).toEqual({
        type: "microconversion",
        conversion_type: "add_to_cart",
      });
      expect((await w.list()).body.data[0]).toMatchObject({
        pixel_type: "microconversion",
        conversion_type: "add_to_cart",
      });

      const toPageview = await w.put(id, { config: { type: "pageview" } });
      expect(toPageview.body.data.config).toEqual({ type: "pageview" });
      expect((await w.list()).body.data[0]).toMatchObject({
        pixel_type: "pageview",
        conversion_type: null,
      });
      expect((await w.list("&pixel_type=pageview")).body.meta.total).toBe(1);
      expect((await w.list("&pixel_type=conversion")).body.meta.total).toBe(0);
    });

    it("clears the description with null, and changes target_platform", async () => {
      const w = workspace();
      const { id } = (await created(w)).body.data;
      const cleared = await w.put(id, { description: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.data.description).toBeNull();
      expect((await w.get(id)).body.data.description).toBeNull();
      expect((await w.list()).body.data[0].description).toBeNull();

      const gtm = await w.put(id, { target_platform: "tealium" });
      expect(gtm.body.data.target_platform).toBe("tealium");
      const reset = await w.put(id, { target_platform: null });
      expect(reset.status).toBe(200);
      expect(reset.body.data.target_platform).toBe("javascript");
    });

    it("answers an empty body with the pixel unchanged", async () => {
      const w = workspace();
      const create = await created(w);
      const response = await w.put(create.body.data.id, {});
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual(create.body.data);
      expect(response.headers.get("etag")).toBe(create.headers.get("etag"));
    });

    it.each([
      [{ name: null }, ["name"]],
      [{ name: "" }, ["name"]],
      [{ config: null }, ["config"]],
      [{ config: { type: "conversion" } }, ["config.conversion_type"]],
      [{ description: "x".repeat(501) }, ["description"]],
      [{ target_platform: "adobe" }, ["target_platform"]],
      [{ id: "pix_other0" }, ["id"]],
      [
        {
          name: "Fine new name",
          config: {
            type: "pageview",
            revenue: { source: "fixed", value: "1" },
          },
        },
        ["config.revenue"],
      ],
    ])(
      "refuses %j with 400 and leaves the pixel byte-identical",
      async (body, fields) => {
        const w = workspace();
        const { id } = (await created(w)).body.data;
        const before = await w.get(id);
        expectError(await w.put(id, body), 400, "VALIDATION_FAILED", fields);
        const after = await w.get(id);
        expect(after.text).toBe(before.text);
        expect(after.headers.get("etag")).toBe(before.headers.get("etag"));
      },
    );

    it("answers 404 for an unknown id", async () => {
      const w = workspace();
      expectError(await w.put("pix_unknown1", { name: "x" }), 404, "NOT_FOUND");
    });
  });

  describe("ETag and If-Match", () => {
    it("PUT with the current ETag succeeds; the old one is then stale (412, nothing written)", async () => {
      const w = workspace();
      const create = await created(w);
      const { id } = create.body.data;
      const first = create.headers.get("etag")!;

      const ok = await w.put(id, { name: "Second" }, { "if-match": first });
      expect(ok.status).toBe(200);
      const second = ok.headers.get("etag")!;
      expect(second).not.toBe(first);

      const snapshot = await w.get(id);
      const stale = await w.put(
        id,
        { name: "Third", description: "lost update" },
        { "if-match": first },
      );
      expectError(stale, 412, "PRECONDITION_FAILED");
      const after = await w.get(id);
      expect(after.text).toBe(snapshot.text);
      expect(after.body.data.name).toBe("Second");

      const again = await w.put(id, { name: "Third" }, { "if-match": second });
      expect(again.status).toBe(200);
      expect(again.body.data.name).toBe("Third");
    });

    it("accepts If-Match: * and a list holding the current tag", async () => {
      const w = workspace();
      const create = await created(w);
      const { id } = create.body.data;
      const star = await w.put(id, { name: "Star" }, { "if-match": "*" });
      expect(star.status).toBe(200);
      const listed = await w.put(
        id,
        { name: "Listed" },
        { "if-match": `"pix_zzzzzz.v1", ${star.headers.get("etag")}` },
      );
      expect(listed.status).toBe(200);
    });

    it.each(['"pix_zzzzzz.v1"', "garbage", '"*"'])(
      "refuses If-Match %s with 412 and writes nothing",
      async (ifMatch) => {
        const w = workspace();
        const { id } = (await created(w)).body.data;
        const before = await w.get(id);
        expectError(
          await w.put(id, { name: "Never" }, { "if-match": ifMatch }),
          412,
          "PRECONDITION_FAILED",
        );
        expect((await w.get(id)).text).toBe(before.text);
      },
    );

    it("a stale If-Match on an empty PUT is still 412", async () => {
      const w = workspace();
      const create = await created(w);
      const { id } = create.body.data;
      await w.put(id, { name: "Moved on" });
      expectError(
        await w.put(id, {}, { "if-match": create.headers.get("etag")! }),
        412,
        "PRECONDITION_FAILED",
      );
    });

    it("answers 404, not 412, for an unknown pixel with If-Match", async () => {
      const w = workspace();
      expectError(
        await w.put(
          "pix_unknown1",
          { name: "x" },
          { "if-match": '"pix_unknown1.v1"' },
        ),
        404,
        "NOT_FOUND",
      );
      expectError(
        await w.del("pix_unknown1", { "if-match": '"pix_unknown1.v1"' }),
        404,
        "NOT_FOUND",
      );
    });

    it("DELETE with a stale If-Match is 412 and deletes nothing; with the current one, 204", async () => {
      const w = workspace();
      const create = await created(w);
      const { id } = create.body.data;
      const updated = await w.put(id, { name: "Changed" });
      expectError(
        await w.del(id, { "if-match": create.headers.get("etag")! }),
        412,
        "PRECONDITION_FAILED",
      );
      expect((await w.get(id)).status).toBe(200);
      const deleted = await w.del(id, {
        "if-match": updated.headers.get("etag")!,
      });
      expect(deleted.status).toBe(204);
      expect((await w.get(id)).status).toBe(404);
    });
  });

  describe("DELETE /saved-pixels/{id}", () => {
    it("answers 204 with no body, then the pixel is gone everywhere", async () => {
      const w = workspace();
      const { id } = (await created(w)).body.data;
      const keep = (await created(w)).body.data.id;
      const response = await w.del(id);
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expectError(await w.get(id), 404, "NOT_FOUND");
      expectError(await w.put(id, { name: "x" }), 404, "NOT_FOUND");
      expectError(await w.del(id), 404, "NOT_FOUND");
      const list = await w.list();
      expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([keep]);
      expect(list.body.meta.total).toBe(1);
    });

    it("frees the name for a new pixel", async () => {
      const w = workspace();
      const { id } = (await created(w, pixelBody({ name: "Reusable" }))).body
        .data;
      expect((await w.del(id)).status).toBe(204);
      expect((await w.create(pixelBody({ name: "reusable" }))).status).toBe(
        201,
      );
    });
  });

  describe("GET /saved-pixels/{id}/code", () => {
    it("answers 304 to its ETag (strong, weak, in a list, or *), 200 to another", async () => {
      const w = workspace();
      const create = await created(w);
      const path = `/saved-pixels/${create.body.data.id}/code?account_id=${w.account}`;
      const code = (headers: Record<string, string> = {}) =>
        request(t.baseUrl, "GET", path, { token: w.token, headers });
      const first = await code();
      expect(first.status).toBe(200);
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^".+"$/);
      for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
        const again = await code({ "if-none-match": header });
        expect({ header, status: again.status, text: again.text }).toEqual({
          header,
          status: 304,
          text: "",
        });
      }
      const other = await code({ "if-none-match": '"other"' });
      expect(other.status).toBe(200);
      expect(other.headers.get("etag")).toBe(etag);
    });
  });
});
