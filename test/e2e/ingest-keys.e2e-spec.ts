import { DataSource } from "typeorm";
import { expectError } from "../support/expect-error";
import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";

/**
 * Contract §9, ingest keys over real HTTP: create (shown once, stored as a
 * hash), list with last_used_at, revoke (404 for unknown or another account's),
 * and the key's effect on POST /events. Runs on SQLite and on PostgreSQL.
 */
describe("ingest keys over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const keysPath = (account: string) => `/ingest-keys?account_id=${account}`;
  const create = (account: string, token: string, json: unknown) =>
    request(t.baseUrl, "POST", keysPath(account), { token, json });
  const list = (account: string, token: string) =>
    request(t.baseUrl, "GET", keysPath(account), { token });
  const revoke = (account: string, token: string, id: string) =>
    request(
      t.baseUrl,
      "DELETE",
      `/ingest-keys/${encodeURIComponent(id)}?account_id=${account}`,
      { token },
    );
  const send = (key: string, events: unknown[]) =>
    request(t.baseUrl, "POST", "/events", { token: key, json: { events } });

  async function newAccount() {
    const account = t.account();
    return { account, token: t.token(account) };
  }

  it("creates a key shown once with the spx_ik_ prefix, and stores only a hash", async () => {
    const { account, token } = await newAccount();
    const before = Date.now();
    const created = await create(account, token, {
      name: "  Checkout backend ",
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body.data).sort()).toEqual([
      "created_at",
      "id",
      "key",
      "name",
    ]);
    const { id, key, name, created_at } = created.body.data;
    expect(id).toMatch(/^ik_[a-z0-9]{16}$/);
    expect(key).toMatch(/^spx_ik_[A-Za-z0-9_-]{43}$/);
    expect(name).toBe("Checkout backend");
    expect(Date.parse(created_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(created_at).toMatch(/Z$/);

    const dataSource = t.app.get(DataSource);
    const [text, values] = dataSource.driver.escapeQueryWithParameters(
      "SELECT * FROM ingest_keys WHERE id = :id",
      { id },
    );
    const rows = await dataSource.query(text, values);
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.slice(7));
    expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);

    const listed = await list(account, token);
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([
      { id, name: "Checkout backend", created_at, last_used_at: null },
    ]);
    expect(listed.text).not.toContain(key);
  });

  it("lists newest first, only the account's own keys", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const first = await create(a.account, a.token, { name: "one" });
    const second = await create(a.account, a.token, { name: "two" });
    await create(b.account, b.token, { name: "other" });
    const listed = await list(a.account, a.token);
    expect(listed.body.data.map((k: { id: string }) => k.id)).toEqual([
      second.body.data.id,
      first.body.data.id,
    ]);
  });

  it("refuses bad names naming `name`, and unknown fields", async () => {
    const { account, token } = await newAccount();
    for (const json of [
      {},
      { name: "" },
      { name: "   " },
      { name: "x".repeat(101) },
      { name: 42 },
      { name: null },
    ]) {
      expectError(
        await create(account, token, json),
        400,
        "VALIDATION_FAILED",
        ["name"],
      );
    }
    expect(
      (await create(account, token, { name: "x".repeat(100) })).status,
    ).toBe(201);
    expectError(
      await create(account, token, { name: "ok", key: "spx_ik_mine" }),
      400,
      "VALIDATION_FAILED",
      ["key"],
    );
    expectError(
      await request(t.baseUrl, "POST", keysPath(account), {
        token,
        raw: '{"name": ',
        headers: { "content-type": "application/json" },
      }),
      400,
      "VALIDATION_FAILED",
    );
  });

  it("needs a token, write scope to create or revoke, read scope to list", async () => {
    const { account, token } = await newAccount();
    const viewer = t.token(account, "viewer");
    const stranger = t.token(t.account());
    expectError(
      await request(t.baseUrl, "POST", keysPath(account), {
        json: { name: "x" },
      }),
      401,
      "UNAUTHENTICATED",
    );
    expectError(await create(account, viewer, { name: "x" }), 403, "FORBIDDEN");
    expectError(
      await create(account, stranger, { name: "x" }),
      403,
      "FORBIDDEN",
    );
    expectError(
      await request(t.baseUrl, "GET", "/ingest-keys", { token }),
      400,
      "VALIDATION_FAILED",
      ["account_id"],
    );
    expect((await list(account, viewer)).status).toBe(200);
    const created = await create(account, token, { name: "x" });
    expectError(
      await revoke(account, viewer, created.body.data.id),
      403,
      "FORBIDDEN",
    );
    // An ingest key is not a user token.
    expectError(
      await list(account, created.body.data.key),
      401,
      "UNAUTHENTICATED",
    );
  });

  it("revokes with 204; unknown ids and other accounts' keys are 404 and keep working", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const mine = await create(a.account, a.token, { name: "mine" });
    const theirs = await create(b.account, b.token, { name: "theirs" });
    expectError(
      await revoke(a.account, a.token, theirs.body.data.id),
      404,
      "NOT_FOUND",
    );
    for (const id of ["ik_0000000000000000", "nope", "ik_%00", "x".repeat(300)])
      expectError(await revoke(a.account, a.token, id), 404, "NOT_FOUND");

    const pixel = await request(
      t.baseUrl,
      "POST",
      `/saved-pixels?account_id=${b.account}`,
      { token: b.token, json: pixelBody() },
    );
    const event = { pixel_id: pixel.body.data.id, type: "conversion" };
    expect((await send(theirs.body.data.key, [event])).status).toBe(200);

    const revoked = await revoke(a.account, a.token, mine.body.data.id);
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe("");
    expect((await list(a.account, a.token)).body.data).toEqual([]);
    expectError(
      await revoke(a.account, a.token, mine.body.data.id),
      404,
      "NOT_FOUND",
    );
    expectError(
      await send(mine.body.data.key, [event]),
      401,
      "UNAUTHENTICATED",
    );
  });

  it("records last_used_at when a key is used, at most once a minute", async () => {
    const { account, token } = await newAccount();
    const created = await create(account, token, { name: "used" });
    const key = created.body.data.key;
    const before = new Date(Date.now() - 1000).toISOString();
    // A batch of only rejected events still authenticates: the key was used.
    expect((await send(key, [{}])).status).toBe(200);
    const lastUsed = async () => {
      for (let i = 0; i < 50; i++) {
        const value = (await list(account, token)).body.data[0].last_used_at;
        if (value !== null) return value as string;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return null;
    };
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect(first! >= before).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await send(key, [{}])).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await list(account, token)).body.data[0].last_used_at).toBe(first);
  });
});
