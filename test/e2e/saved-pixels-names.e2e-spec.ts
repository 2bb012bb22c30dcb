import {
  ApiResponse,
  pixelBody,
  request,
  startTestApp,
  TestApp,
} from "../support/test-app";
import { LEAK } from "../support/expect-error";

/**
 * Name uniqueness per account, trimmed and ignoring case, held by the database's
 * unique index: concurrent creates cannot both win, renames collide too.
 */

function expectConflict(response: ApiResponse): void {
  expect(response.status).toBe(409);
  expect(response.body).toEqual({
    success: false,
    error: {
      code: "NAME_CONFLICT",
      message: expect.any(String),
      details: [{ field: "name", message: expect.any(String) }],
    },
  });
  expect(response.text).not.toMatch(LEAK);
}

describe("saved pixel names", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  function workspace() {
    const account = t.account();
    const token = t.token(account);
    const q = `?account_id=${account}`;
    return {
      account,
      token,
      create: (name: string) =>
        request(t.baseUrl, "POST", `/saved-pixels${q}`, {
          token,
          json: pixelBody({ name }),
        }),
      get: (id: string) =>
        request(t.baseUrl, "GET", `/saved-pixels/${id}${q}`, { token }),
      list: () => request(t.baseUrl, "GET", `/saved-pixels${q}`, { token }),
      rename: (id: string, name: string, extra: Record<string, unknown> = {}) =>
        request(t.baseUrl, "PUT", `/saved-pixels/${id}${q}`, {
          token,
          json: { name, ...extra },
        }),
    };
  }

  it("lets exactly one of 30 concurrent creates with one name (case and space variants) win", async () => {
    const w = workspace();
    const variants = ["Same Name", " same name ", "SAME NAME", "same NAME\t"];
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        w.create(variants[i % variants.length]),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    for (const response of responses.filter((r) => r.status === 409))
      expectConflict(response);
    const winner = responses.find((r) => r.status === 201)!.body.data;
    const list = await w.list();
    expect(list.body.meta.total).toBe(1);
    expect(list.body.data[0].id).toBe(winner.id);
    expect(variants.map((v) => v.trim())).toContain(list.body.data[0].name);
  });

  it.each(["Checkout", "checkout", "CHECKOUT", "  Checkout  ", "cHeCkOuT\n"])(
    'refuses %j once "Checkout" exists',
    async (name) => {
      const w = workspace();
      expect((await w.create("Checkout")).status).toBe(201);
      expectConflict(await w.create(name));
      expect((await w.list()).body.meta.total).toBe(1);
    },
  );

  it("keeps names that only look alike apart, and folds composed/decomposed accents together", async () => {
    const w = workspace();
    expect((await w.create("Checkout")).status).toBe(201);
    expect((await w.create("Checkout 2")).status).toBe(201);
    expect((await w.create("Check out")).status).toBe(201);
    expect((await w.create("Caf\u00e9")).status).toBe(201);
    expectConflict(await w.create("CAFE\u0301"));
  });

  it("allows one name in two accounts", async () => {
    const a = workspace();
    const b = workspace();
    const first = await a.create("Shared name");
    const second = await b.create("Shared name");
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(first.body.data.id).not.toBe(second.body.data.id);
  });

  it("refuses a rename onto another pixel's name (409) and leaves both pixels unchanged", async () => {
    const w = workspace();
    const taken = (await w.create("Taken")).body.data;
    const mover = (await w.create("Mover")).body.data;
    const before = await w.get(mover.id);
    for (const name of ["Taken", " taken ", "TAKEN"]) {
      expectConflict(
        await w.rename(mover.id, name, { description: "should not stick" }),
      );
    }
    const after = await w.get(mover.id);
    expect(after.text).toBe(before.text);
    expect(after.headers.get("etag")).toBe(before.headers.get("etag"));
    expect((await w.get(taken.id)).body.data.name).toBe("Taken");
  });

  it("lets a pixel keep its own name or change only its case", async () => {
    const w = workspace();
    const { id } = (await w.create("Own name")).body.data;
    const same = await w.rename(id, "Own name");
    expect(same.status).toBe(200);
    const recased = await w.rename(id, "OWN NAME");
    expect(recased.status).toBe(200);
    expect(recased.body.data.name).toBe("OWN NAME");
  });

  it("frees the old name after a rename", async () => {
    const w = workspace();
    const { id } = (await w.create("Old")).body.data;
    expect((await w.rename(id, "New")).status).toBe(200);
    expect((await w.create("old")).status).toBe(201);
    expectConflict(await w.create("new"));
  });

  it("lets exactly one of concurrent renames onto one free name win", async () => {
    const w = workspace();
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1)
      ids.push((await w.create(`Start ${i}`)).body.data.id);
    const responses = await Promise.all(
      ids.map((id, i) => w.rename(id, i % 2 ? "Target" : "target ")),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(5);
    conflicts.forEach(expectConflict);
    const names = (await w.list()).body.data.map(
      (p: { name: string }) => p.name,
    );
    expect(
      names.filter((n: string) => n.toLowerCase() === "target"),
    ).toHaveLength(1);
  });
});
