import { Sql } from "../../src/database/sql";
import { expectError } from "../support/expect-error";
import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";

/**
 * Contract §11 over HTTP: sharing a pixel with other accounts (owner, shared
 * and stranger accounts, every role) and its change history with restore.
 */
/**
 * A conversion's §7 fields that are not null at creation: a create records every
 * field it sets (event_category and the post_*_value fields default to null).
 */
const RULES_SET_AT_CREATE = [
  "state",
  "trigger_type",
  "post_view_expire_mins",
  "post_click_expire_mins",
  "min_minutes_per_conv",
  "piggyback_pixels",
  "consent_mode",
];

describe("sharing and history", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const ROLES = ["viewer", "editor", "admin", "owner"] as const;

  /** An account and a token with `role` on it; `call` sends account_id=that account. */
  function actor(role = "editor", user = "7", account = t.account()) {
    const token = t.token(account, role, user);
    const call = (
      method: string,
      path: string,
      options: { json?: unknown; headers?: Record<string, string> } = {},
    ) => {
      const separator = path.includes("?") ? "&" : "?";
      return request(
        t.baseUrl,
        method,
        `${path}${separator}account_id=${account}`,
        { token, ...options },
      );
    };
    return { account, token, role, call };
  }
  type Actor = ReturnType<typeof actor>;

  async function createPixel(
    owner: Actor,
    overrides: Record<string, unknown> = {},
  ) {
    const response = await owner.call("POST", "/saved-pixels", {
      json: pixelBody(overrides),
    });
    expect(response.status).toBe(201);
    return response.body.data as Record<string, any>;
  }

  async function share(owner: Actor, pixelId: string, account: string) {
    return owner.call("POST", `/saved-pixels/${pixelId}/accounts`, {
      json: { account_id: account },
    });
  }

  describe("sharing routes", () => {
    it("shares (201), answers an existing share (200), lists and unshares (204)", async () => {
      const owner = actor("editor", "7");
      const other = actor("viewer");
      const pixel = await createPixel(owner);

      const first = await share(owner, pixel.id, other.account);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        success: true,
        data: {
          account_id: other.account,
          shared_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          shared_by: 7,
        },
      });
      const again = await share(owner, pixel.id, other.account);
      expect(again.status).toBe(200);
      expect(again.body.data).toEqual(first.body.data);

      const third = t.account("third");
      expect((await share(owner, pixel.id, third)).status).toBe(201);
      const list = await owner.call(
        "GET",
        `/saved-pixels/${pixel.id}/accounts`,
      );
      expect(list.status).toBe(200);
      expect(
        list.body.data.map((entry: { account_id: string }) => entry.account_id),
      ).toEqual([other.account, third]);

      const removed = await owner.call(
        "DELETE",
        `/saved-pixels/${pixel.id}/accounts/${other.account}`,
      );
      expect(removed.status).toBe(204);
      expect(removed.text).toBe("");
      expectError(
        await owner.call(
          "DELETE",
          `/saved-pixels/${pixel.id}/accounts/${other.account}`,
        ),
        404,
        "NOT_FOUND",
      );
      expectError(
        await other.call("GET", `/saved-pixels/${pixel.id}`),
        404,
        "NOT_FOUND",
      );
      const after = await owner.call(
        "GET",
        `/saved-pixels/${pixel.id}/accounts`,
      );
      expect(after.body.data).toEqual([
        expect.objectContaining({ account_id: third }),
      ]);
    });

    it("refuses the owner itself, a malformed account id and unknown fields (400 naming the field)", async () => {
      const owner = actor();
      const pixel = await createPixel(owner);
      expectError(
        await share(owner, pixel.id, owner.account),
        400,
        "VALIDATION_FAILED",
        ["account_id"],
      );
      for (const bad of ["", "has space", "-lead", "x".repeat(65), 42, null])
        expectError(
          await owner.call("POST", `/saved-pixels/${pixel.id}/accounts`, {
            json: { account_id: bad },
          }),
          400,
          "VALIDATION_FAILED",
          ["account_id"],
        );
      expectError(
        await owner.call("POST", `/saved-pixels/${pixel.id}/accounts`, {
          json: { account_id: "globex", role: "owner" },
        }),
        400,
        "VALIDATION_FAILED",
        ["role"],
      );
      expectError(
        await owner.call(
          "DELETE",
          `/saved-pixels/${pixel.id}/accounts/has%20space`,
        ),
        400,
        "VALIDATION_FAILED",
        ["shared_account_id"],
      );
    });

    it("needs write scope to share or unshare (viewer 403), read scope to list", async () => {
      const account = t.account();
      const editor = actor("editor", "7", account);
      const pixel = await createPixel(editor);
      for (const role of ROLES) {
        const member = actor(role, "8", account);
        const writes = role !== "viewer";
        const shared = await share(member, pixel.id, `p-${role}-${account}`);
        if (writes) expect(shared.status).toBe(201);
        else expectError(shared, 403, "FORBIDDEN");
        const listed = await member.call(
          "GET",
          `/saved-pixels/${pixel.id}/accounts`,
        );
        expect(listed.status).toBe(200);
        const removed = await member.call(
          "DELETE",
          `/saved-pixels/${pixel.id}/accounts/p-editor-${account}`,
        );
        if (role === "viewer") expectError(removed, 403, "FORBIDDEN");
        else if (role === "editor") expect(removed.status).toBe(204);
        else expectError(removed, 404, "NOT_FOUND");
      }
    });

    it("answers 404 for an unknown pixel and for a stranger's pixel, alike", async () => {
      const owner = actor();
      const stranger = actor();
      const pixel = await createPixel(owner);
      for (const id of [pixel.id, "pix_unknown000", "nonsense"]) {
        for (const [method, path, json] of [
          ["GET", `/saved-pixels/${id}/accounts`, undefined],
          ["POST", `/saved-pixels/${id}/accounts`, { account_id: "globex" }],
          ["DELETE", `/saved-pixels/${id}/accounts/globex`, undefined],
          ["GET", `/saved-pixels/${id}/versions`, undefined],
          ["POST", `/saved-pixels/${id}/versions/1/restore`, undefined],
        ] as const) {
          const response = await stranger.call(method, path, { json });
          expectError(response, 404, "NOT_FOUND");
          expect(response.body.error.message).not.toContain(owner.account);
        }
      }
    });
  });

  describe("what an account the pixel is shared with may do", () => {
    it.each(ROLES)(
      "as %s: reads the pixel, its code and events; PUT, DELETE, sharing, history and restore are 403",
      async (role) => {
        const owner = actor("editor", "7");
        const reader = actor(role, "9");
        const pixel = await createPixel(owner);
        expect((await share(owner, pixel.id, reader.account)).status).toBe(201);

        const got = await reader.call("GET", `/saved-pixels/${pixel.id}`);
        expect(got.status).toBe(200);
        expect(got.body.data).toEqual(pixel);
        expect(got.headers.get("etag")).toBe(`"${pixel.id}.v1"`);
        const code = await reader.call("GET", `/saved-pixels/${pixel.id}/code`);
        expect(code.status).toBe(200);
        expect(code.body.data.pixel_id).toBe(pixel.id);
        const events = await reader.call(
          "GET",
          `/saved-pixels/${pixel.id}/events`,
        );
        expect(events.status).toBe(200);
        expect(events.body.data).toEqual([]);

        const writes: Array<[string, string, unknown]> = [
          ["PUT", `/saved-pixels/${pixel.id}`, { name: "Taken over" }],
          ["PUT", `/saved-pixels/${pixel.id}`, {}],
          ["DELETE", `/saved-pixels/${pixel.id}`, undefined],
          ["GET", `/saved-pixels/${pixel.id}/accounts`, undefined],
          [
            "POST",
            `/saved-pixels/${pixel.id}/accounts`,
            { account_id: "reshared" },
          ],
          [
            "DELETE",
            `/saved-pixels/${pixel.id}/accounts/${reader.account}`,
            undefined,
          ],
          ["GET", `/saved-pixels/${pixel.id}/versions`, undefined],
          ["POST", `/saved-pixels/${pixel.id}/versions/1/restore`, undefined],
        ];
        for (const [method, path, json] of writes) {
          const response = await reader.call(method, path, { json });
          // A viewer is refused by its role before the pixel is looked at;
          // any other role by the pixel being someone else's.
          expectError(response, 403, "FORBIDDEN");
        }
        const ifMatch = await reader.call("PUT", `/saved-pixels/${pixel.id}`, {
          json: { name: "x" },
          headers: { "if-match": `"${pixel.id}.v1"` },
        });
        expectError(ifMatch, 403, "FORBIDDEN");
        // Nothing changed, and the share is still one entry.
        const still = await owner.call("GET", `/saved-pixels/${pixel.id}`);
        expect(still.body.data).toEqual(pixel);
        expect(still.headers.get("etag")).toBe(`"${pixel.id}.v1"`);
        const shares = await owner.call(
          "GET",
          `/saved-pixels/${pixel.id}/accounts`,
        );
        expect(shares.body.data).toHaveLength(1);
      },
    );

    it("lists shared pixels with owner_account_id and shared: true; ?shared filters; pages merge both kinds newest first", async () => {
      const owner = actor();
      const reader = actor("viewer");
      const own = await createPixel(actor("editor", "7", reader.account));
      const sharedPixels = [];
      for (let i = 0; i < 3; i++) {
        const pixel = await createPixel(owner);
        expect((await share(owner, pixel.id, reader.account)).status).toBe(201);
        sharedPixels.push(pixel);
      }
      const notShared = await createPixel(owner);

      const all = await reader.call("GET", "/saved-pixels");
      expect(all.status).toBe(200);
      // Created one after the other: newest first is the reverse order.
      const expected = [
        {
          id: own.id,
          created_at: own.created_at,
          owner_account_id: reader.account,
          shared: false,
        },
        ...sharedPixels.map((pixel) => ({
          id: pixel.id,
          created_at: pixel.created_at,
          owner_account_id: owner.account,
          shared: true,
        })),
      ].reverse();
      expect(
        all.body.data.map((item: Record<string, unknown>) => ({
          id: item.id,
          created_at: item.created_at,
          owner_account_id: item.owner_account_id,
          shared: item.shared,
        })),
      ).toEqual(expected);
      expect(all.body.meta).toEqual({ total: 4, limit: 50, offset: 0 });
      expect(all.text).not.toContain(notShared.id);

      const onlyShared = await reader.call("GET", "/saved-pixels?shared=true");
      expect(
        new Set(onlyShared.body.data.map((item: { id: string }) => item.id)),
      ).toEqual(new Set(sharedPixels.map((pixel) => pixel.id)));
      expect(onlyShared.body.meta.total).toBe(3);
      const onlyOwn = await reader.call("GET", "/saved-pixels?shared=false");
      expect(onlyOwn.body.data.map((item: { id: string }) => item.id)).toEqual([
        own.id,
      ]);
      expect(onlyOwn.body.meta.total).toBe(1);

      // Pages of one: together they are the whole list, in order.
      const paged: string[] = [];
      for (let offset = 0; offset < 5; offset++) {
        const page = await reader.call(
          "GET",
          `/saved-pixels?limit=1&offset=${offset}`,
        );
        expect(page.body.meta.total).toBe(4);
        paged.push(...page.body.data.map((item: { id: string }) => item.id));
      }
      expect(paged).toEqual(expected.map((item) => item.id));

      const ownerList = await owner.call("GET", "/saved-pixels?shared=false");
      expect(ownerList.body.meta.total).toBe(4);
      for (const item of ownerList.body.data)
        expect(item).toMatchObject({
          owner_account_id: owner.account,
          shared: false,
        });

      expectError(
        await reader.call("GET", "/saved-pixels?shared=yes"),
        400,
        "VALIDATION_FAILED",
        ["shared"],
      );
    });

    it("keeps names unique within the owner's account only", async () => {
      const owner = actor();
      const reader = actor();
      const pixel = await createPixel(owner, { name: "Checkout" });
      expect((await share(owner, pixel.id, reader.account)).status).toBe(201);
      // The reader may use the name for a pixel of its own...
      const mine = await reader.call("POST", "/saved-pixels", {
        json: pixelBody({ name: "checkout" }),
      });
      expect(mine.status).toBe(201);
      // ...and the owner's account still may not.
      expectError(
        await owner.call("POST", "/saved-pixels", {
          json: pixelBody({ name: "CHECKOUT" }),
        }),
        409,
        "NAME_CONFLICT",
        ["name"],
      );
    });

    it("deleting the pixel removes its shares and history: the reader gets 404", async () => {
      const owner = actor();
      const reader = actor();
      const pixel = await createPixel(owner);
      await share(owner, pixel.id, reader.account);
      const rowsLeft = async () => {
        const sql = t.app.get(Sql);
        const count = async (table: string) =>
          Number(
            (
              await sql.rows<{ n: number | string }>(
                `SELECT COUNT(*) AS n FROM ${table} WHERE pixel_id = :id`,
                { id: pixel.id },
              )
            )[0].n,
          );
        return {
          shares: await count("saved_pixel_shares"),
          versions: await count("saved_pixel_versions"),
        };
      };
      // A stale If-Match deletes nothing, shares and history included.
      expectError(
        await owner.call("DELETE", `/saved-pixels/${pixel.id}`, {
          headers: { "if-match": `"${pixel.id}.v9"` },
        }),
        412,
        "PRECONDITION_FAILED",
      );
      expect(await rowsLeft()).toEqual({ shares: 1, versions: 1 });
      expect(
        (await owner.call("DELETE", `/saved-pixels/${pixel.id}`)).status,
      ).toBe(204);
      expect(await rowsLeft()).toEqual({ shares: 0, versions: 0 });
      for (const path of [
        `/saved-pixels/${pixel.id}`,
        `/saved-pixels/${pixel.id}/code`,
        `/saved-pixels/${pixel.id}/events`,
      ])
        expectError(await reader.call("GET", path), 404, "NOT_FOUND");
      const list = await reader.call("GET", "/saved-pixels");
      expect(list.body.data).toEqual([]);
      expectError(
        await owner.call("GET", `/saved-pixels/${pixel.id}/versions`),
        404,
        "NOT_FOUND",
      );
    });
  });

  describe("history", () => {
    function snapshotOf(pixel: Record<string, unknown>) {
      const rest = { ...pixel };
      delete rest.status;
      delete rest.last_event_at;
      return rest;
    }

    it("records create, updates and a restore, field by field, newest first; ETag versions are history versions", async () => {
      const owner = actor("editor", "7");
      const colleague = actor("admin", "8", owner.account);
      const v1 = await createPixel(owner, { name: "Purchase" });
      const states: Record<string, unknown>[] = [v1];

      const updates: Array<[Actor, Record<string, unknown>, string[]]> = [
        [owner, { name: "Checkout purchase" }, ["name"]],
        [
          colleague,
          {
            config: {
              ...v1.config,
              revenue: { source: "fixed", value: "49.99" },
            },
          },
          ["config.revenue"],
        ],
        [
          owner,
          { description: null, target_platform: "gtm" },
          ["description", "target_platform"],
        ],
        [
          colleague,
          {
            config: {
              type: "conversion",
              conversion_type: "lead",
              currency: { source: "fixed", value: "USD" },
            },
          },
          [
            "config.conversion_type",
            "config.revenue",
            "config.currency",
            "config.properties",
          ],
        ],
      ];
      for (const [who, body] of updates) {
        const response = await who.call("PUT", `/saved-pixels/${v1.id}`, {
          json: body,
        });
        expect(response.status).toBe(200);
        expect(response.headers.get("etag")).toBe(
          `"${v1.id}.v${states.length + 1}"`,
        );
        states.push(response.body.data);
      }

      const restore = await owner.call(
        "POST",
        `/saved-pixels/${v1.id}/versions/2/restore`,
        { headers: { "if-match": `"${v1.id}.v5"` } },
      );
      expect(restore.status).toBe(200);
      expect(restore.headers.get("etag")).toBe(`"${v1.id}.v6"`);
      const restored = restore.body.data;
      for (const field of [
        "name",
        "description",
        "config",
        "target_platform",
        "id",
        "account_id",
        "created_by",
        "created_at",
      ])
        expect({ field, value: restored[field] }).toEqual({
          field,
          value: states[1][field],
        });
      states.push(restored);
      const got = await owner.call("GET", `/saved-pixels/${v1.id}`);
      expect(got.body.data).toEqual(restored);
      expect(got.headers.get("etag")).toBe(`"${v1.id}.v6"`);

      const history = await owner.call(
        "GET",
        `/saved-pixels/${v1.id}/versions`,
      );
      expect(history.status).toBe(200);
      expect(history.body.meta).toEqual({ total: 6, limit: 50, offset: 0 });
      const versions = history.body.data;
      expect(versions.map((v: { version: number }) => v.version)).toEqual([
        6, 5, 4, 3, 2, 1,
      ]);
      const expectedChanges = [
        [
          "name",
          "config",
          "target_platform",
          "description",
          ...RULES_SET_AT_CREATE,
        ],
        ...updates.map(([, , changes]) => changes),
        // Version 6 = version 2 again: undoes everything changed since.
        null,
      ];
      const expectedBy = [7, 7, 8, 7, 8, 7];
      versions.reverse().forEach((version: Record<string, any>, i: number) => {
        // Field by field: each version holds the pixel exactly as that answer showed it.
        const snapshot = snapshotOf(states[i]);
        for (const field of Object.keys(snapshot))
          expect({
            version: i + 1,
            field,
            value: version.pixel[field],
          }).toEqual({ version: i + 1, field, value: snapshot[field] });
        expect(Object.keys(version.pixel).sort()).toEqual(
          Object.keys(snapshot).sort(),
        );
        expect(version.changed_by).toBe(expectedBy[i]);
        expect(version.changed_at).toBe(states[i].updated_at);
        if (expectedChanges[i])
          expect(new Set(version.changes)).toEqual(new Set(expectedChanges[i]));
      });
      expect(new Set(versions[5].changes)).toEqual(
        new Set([
          "description",
          "target_platform",
          "config.conversion_type",
          "config.revenue",
          "config.currency",
          "config.properties",
        ]),
      );

      const page = await owner.call(
        "GET",
        `/saved-pixels/${v1.id}/versions?limit=2&offset=1`,
      );
      expect(page.body.data.map((v: { version: number }) => v.version)).toEqual(
        [5, 4],
      );
      expect(page.body.meta).toEqual({ total: 6, limit: 2, offset: 1 });
      expectError(
        await owner.call("GET", `/saved-pixels/${v1.id}/versions?limit=0`),
        400,
        "VALIDATION_FAILED",
        ["limit"],
      );
    });

    it("an update that sends nothing new records no version; one that changes nothing visible still does, with no changes", async () => {
      const owner = actor();
      const pixel = await createPixel(owner);
      await owner.call("PUT", `/saved-pixels/${pixel.id}`, { json: {} });
      const same = await owner.call("PUT", `/saved-pixels/${pixel.id}`, {
        json: { name: pixel.name },
      });
      expect(same.headers.get("etag")).toBe(`"${pixel.id}.v2"`);
      const history = await owner.call(
        "GET",
        `/saved-pixels/${pixel.id}/versions`,
      );
      expect(
        history.body.data.map((v: Record<string, unknown>) => [
          v.version,
          v.changes,
        ]),
      ).toEqual([
        [2, []],
        [
          1,
          [
            "name",
            "description",
            "config",
            ...RULES_SET_AT_CREATE,
            "target_platform",
          ],
        ],
      ]);
    });

    it("restoring the current version is a 200 no-op; an unknown version 404; a malformed one 400; a stale If-Match 412", async () => {
      const owner = actor();
      const pixel = await createPixel(owner);
      await owner.call("PUT", `/saved-pixels/${pixel.id}`, {
        json: { name: "Renamed" },
      });
      const noop = await owner.call(
        "POST",
        `/saved-pixels/${pixel.id}/versions/2/restore`,
      );
      expect(noop.status).toBe(200);
      expect(noop.headers.get("etag")).toBe(`"${pixel.id}.v2"`);
      expect(noop.body.data.name).toBe("Renamed");
      const total = async () =>
        (await owner.call("GET", `/saved-pixels/${pixel.id}/versions`)).body
          .meta.total;
      expect(await total()).toBe(2);

      expectError(
        await owner.call(
          "POST",
          `/saved-pixels/${pixel.id}/versions/3/restore`,
        ),
        404,
        "NOT_FOUND",
      );
      for (const bad of ["0", "-1", "one", "1.5"])
        expectError(
          await owner.call(
            "POST",
            `/saved-pixels/${pixel.id}/versions/${bad}/restore`,
          ),
          400,
          "VALIDATION_FAILED",
          ["version"],
        );
      for (const version of [1, 2])
        expectError(
          await owner.call(
            "POST",
            `/saved-pixels/${pixel.id}/versions/${version}/restore`,
            { headers: { "if-match": `"${pixel.id}.v1"` } },
          ),
          412,
          "PRECONDITION_FAILED",
        );
      expect(await total()).toBe(2);
      const ok = await owner.call(
        "POST",
        `/saved-pixels/${pixel.id}/versions/1/restore`,
        { headers: { "if-match": `"${pixel.id}.v2"` } },
      );
      expect(ok.status).toBe(200);
      expect(ok.body.data.name).toBe(pixel.name);
      expect(await total()).toBe(3);
    });

    it("restoring an old version whose fields equal the current pixel is the same no-op: no empty version", async () => {
      const owner = actor();
      const pixel = await createPixel(owner, { name: "Round trip" });
      for (const name of ["Renamed", "Round trip"])
        expect(
          (
            await owner.call("PUT", `/saved-pixels/${pixel.id}`, {
              json: { name },
            })
          ).status,
        ).toBe(200);
      const versions = async () =>
        (await owner.call("GET", `/saved-pixels/${pixel.id}/versions`)).body;
      expect((await versions()).meta.total).toBe(3);
      const noop = await owner.call(
        "POST",
        `/saved-pixels/${pixel.id}/versions/1/restore`,
        { headers: { "if-match": `"${pixel.id}.v3"` } },
      );
      expect(noop.status).toBe(200);
      expect(noop.headers.get("etag")).toBe(`"${pixel.id}.v3"`);
      expect(noop.body.data.name).toBe("Round trip");
      const after = await versions();
      expect(after.meta.total).toBe(3);
      expect(
        after.data.every((v: { changes: string[] }) => v.changes.length > 0),
      ).toBe(true);
      // Still honours If-Match, as restoring the current version does.
      expectError(
        await owner.call(
          "POST",
          `/saved-pixels/${pixel.id}/versions/1/restore`,
          { headers: { "if-match": `"${pixel.id}.v2"` } },
        ),
        412,
        "PRECONDITION_FAILED",
      );
    });

    it("restore needs write scope (viewer 403) and answers 409 when the old name is taken meanwhile", async () => {
      const account = t.account();
      const owner = actor("editor", "7", account);
      const viewer = actor("viewer", "8", account);
      const pixel = await createPixel(owner, { name: "Original" });
      await owner.call("PUT", `/saved-pixels/${pixel.id}`, {
        json: { name: "Renamed" },
      });
      expectError(
        await viewer.call(
          "POST",
          `/saved-pixels/${pixel.id}/versions/1/restore`,
        ),
        403,
        "FORBIDDEN",
      );
      expect(
        (await viewer.call("GET", `/saved-pixels/${pixel.id}/versions`)).status,
      ).toBe(200);
      await createPixel(owner, { name: "original" });
      expectError(
        await owner.call(
          "POST",
          `/saved-pixels/${pixel.id}/versions/1/restore`,
        ),
        409,
        "NAME_CONFLICT",
        ["name"],
      );
      const history = await owner.call(
        "GET",
        `/saved-pixels/${pixel.id}/versions`,
      );
      expect(history.body.meta.total).toBe(2);
      const got = await owner.call("GET", `/saved-pixels/${pixel.id}`);
      expect(got.body.data.name).toBe("Renamed");
      expect(got.headers.get("etag")).toBe(`"${pixel.id}.v2"`);
    });

    it("concurrent restores and updates with one If-Match: exactly one wins, and history has exactly one new version", async () => {
      const owner = actor();
      const pixel = await createPixel(owner, { name: "Race" });
      await owner.call("PUT", `/saved-pixels/${pixel.id}`, {
        json: { name: "Race 2" },
      });
      for (let round = 0; round < 3; round++) {
        const current = await owner.call("GET", `/saved-pixels/${pixel.id}`);
        const etag = current.headers.get("etag")!;
        const version = Number(/v(\d+)"$/.exec(etag)![1]);
        const attempts = Array.from({ length: 12 }, (_, i) =>
          i % 2 === 0
            ? owner.call(
                "POST",
                `/saved-pixels/${pixel.id}/versions/${version - 1}/restore`,
                { headers: { "if-match": etag } },
              )
            : owner.call("PUT", `/saved-pixels/${pixel.id}`, {
                json: { description: `racer ${round}-${i}` },
                headers: { "if-match": etag },
              }),
        );
        const answers = await Promise.all(attempts);
        const statuses = answers.map((answer) => answer.status).sort();
        expect(statuses).toEqual([200, ...Array(11).fill(412)]);
        const history = await owner.call(
          "GET",
          `/saved-pixels/${pixel.id}/versions?limit=1`,
        );
        expect(history.body.meta.total).toBe(version + 1);
        const winner = answers.find((answer) => answer.status === 200)!;
        expect(history.body.data[0].version).toBe(version + 1);
        expect(history.body.data[0].pixel).toEqual(
          snapshotOf(winner.body.data),
        );
      }
    });
  });
});
