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
});
