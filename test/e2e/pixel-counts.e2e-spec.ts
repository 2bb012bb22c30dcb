import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";

/**
 * `meta.total` of the pixel list stays exact while it is read from the
 * per-account count (migration 1732409500000) rather than counted: through
 * creates, deletes, shares and filters, in several accounts at once.
 */
describe("pixel list totals from the maintained count", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  function actor(account = t.account()) {
    const token = t.token(account, "editor", "7");
    const call = (method: string, path: string, json?: unknown) =>
      request(
        t.baseUrl,
        method,
        `${path}${path.includes("?") ? "&" : "?"}account_id=${account}`,
        { token, json },
      );
    const total = async (query = "") => {
      const response = await call("GET", `/saved-pixels?limit=1${query}`);
      expect(response.status).toBe(200);
      return response.body.meta.total as number;
    };
    const create = async (overrides: Record<string, unknown> = {}) => {
      const response = await call(
        "POST",
        "/saved-pixels",
        pixelBody(overrides),
      );
      expect(response.status).toBe(201);
      return response.body.data.id as string;
    };
    return { account, call, total, create };
  }

  it("counts creates and deletes per account, exactly, concurrent creates included", async () => {
    const a = actor();
    const b = actor();
    expect(await a.total()).toBe(0);
    const ids = await Promise.all(Array.from({ length: 12 }, () => a.create()));
    await b.create();
    await b.create();
    expect(await a.total()).toBe(12);
    expect(await b.total()).toBe(2);

    for (const id of ids.slice(0, 5))
      expect((await a.call("DELETE", `/saved-pixels/${id}`)).status).toBe(204);
    // A delete that finds nothing moves nothing.
    expect((await a.call("DELETE", `/saved-pixels/${ids[0]}`)).status).toBe(
      404,
    );
    expect(await a.total()).toBe(7);
    expect(await b.total()).toBe(2);
  });

  it("adds pixels shared with the account, and filtered totals still count what matches", async () => {
    const owner = actor();
    const reader = actor();
    await reader.create({ name: "Reader's own checkout" });
    const shared = await owner.create({ name: "Shared checkout" });
    await owner.create({
      name: "A page view",
      config: { type: "pageview" },
    });
    const response = await owner.call(
      "POST",
      `/saved-pixels/${shared}/accounts`,
      { account_id: reader.account },
    );
    expect(response.status).toBe(201);

    expect(await reader.total()).toBe(2);
    expect(await reader.total("&shared=false")).toBe(1);
    expect(await reader.total("&shared=true")).toBe(1);
    expect(await owner.total()).toBe(2);
    expect(await owner.total("&pixel_type=pageview")).toBe(1);
    expect(await owner.total("&search=checkout")).toBe(1);
    const list = await reader.call("GET", "/saved-pixels?limit=50");
    expect(list.body.data).toHaveLength(2);
  });

  it("pages deep in a long list (offset ≥ 1,000 reads ids first) in the same order as near the top", async () => {
    const a = actor();
    // 1,020 pixels, every third a page view, created 12 at a time.
    for (let first = 0; first < 1020; first += 12)
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          a.create(
            (first + i) % 3 === 0
              ? { name: `Deep ${first + i}`, config: { type: "pageview" } }
              : { name: `Deep ${first + i}` },
          ),
        ),
      );
    const page = async (query: string) => {
      const response = await a.call("GET", `/saved-pixels?${query}`);
      expect(response.status).toBe(200);
      return response.body as {
        data: { id: string; created_at: string; pixel_type: string }[];
        meta: { total: number };
      };
    };
    const newestFirst: {
      id: string;
      created_at: string;
      pixel_type: string;
    }[] = [];
    for (let offset = 0; offset < 1000; offset += 200)
      newestFirst.push(...(await page(`limit=200&offset=${offset}`)).data);
    expect(newestFirst).toHaveLength(1000);
    const tail = await page("limit=50&offset=1000");
    expect(tail.meta.total).toBe(1020);
    expect(tail.data).toHaveLength(20);
    const all = [...newestFirst, ...tail.data];
    // Newest first throughout, every pixel once.
    expect(new Set(all.map((pixel) => pixel.id)).size).toBe(1020);
    for (let i = 1; i < all.length; i++)
      expect(all[i - 1].created_at >= all[i].created_at).toBe(true);
    // A page straddling the threshold, read from each side of it.
    const straddle = await page("limit=10&offset=995");
    expect(straddle.data.map((pixel) => pixel.id)).toEqual(
      all.slice(995, 1005).map((pixel) => pixel.id),
    );
    const deep = await page("limit=7&offset=1001");
    expect(deep.data.map((pixel) => pixel.id)).toEqual(
      all.slice(1001, 1008).map((pixel) => pixel.id),
    );
    // Filtered: a search matching all of them, deep; a type filter, shallower.
    const searched = await page("search=deep&limit=5&offset=1003");
    expect(searched.meta.total).toBe(1020);
    expect(searched.data.map((pixel) => pixel.id)).toEqual(
      all.slice(1003, 1008).map((pixel) => pixel.id),
    );
    const conversions = all.filter((pixel) => pixel.pixel_type !== "pageview");
    const filtered = await page("pixel_type=conversion&limit=20&offset=660");
    expect(filtered.meta.total).toBe(conversions.length);
    expect(filtered.data.map((pixel) => pixel.id)).toEqual(
      conversions.slice(660, 680).map((pixel) => pixel.id),
    );
  });
});
