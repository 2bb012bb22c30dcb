import { CreateSharesAndVersions1732408000000 } from "../../src/database/migrations/1732408000000-create-shares-and-versions";
import { databaseBefore, DatabaseBefore } from "../support/database-before";
import { request, startTestApp, TestApp } from "../support/test-app";

/**
 * Upgrading a database that already holds pixels: the sharing-and-history
 * migration gives each one its first version, from its current state and at its
 * current version number, so ETags and history agree from the start. Runs on
 * a fresh SQLite file, or on a fresh schema of TEST_DATABASE_URL's PostgreSQL.
 */
describe("history migration on a database with pixels", () => {
  let database: DatabaseBefore;
  let t: TestApp | undefined;

  beforeAll(async () => {
    // The database as it was before sharing and history.
    database = await databaseBefore(
      CreateSharesAndVersions1732408000000,
      "hist",
    );
    const { old } = database;
    const p = database.placeholder;
    for (const [id, name, version] of [
      ["pix_oldone000001", "Old purchase", 3],
      ["pix_oldtwo000002", "Old view", 1],
    ] as const) {
      const config =
        version === 3
          ? '{"type":"conversion","conversion_type":"purchase","revenue":{"source":"fixed","value":"9.5"}}'
          : '{"type":"pageview"}';
      await old.query(
        `INSERT INTO saved_pixels (id, account_id, name, name_key, description, config, pixel_type,
           conversion_type, target_platform, created_by, version, created_at, updated_at, last_event_at, event_count)
         VALUES (${Array.from({ length: 15 }, (_, i) => p(i + 1)).join(", ")})`,
        [
          id,
          "legacy",
          name,
          name.toLowerCase(),
          null,
          config,
          version === 3 ? "conversion" : "pageview",
          version === 3 ? "purchase" : null,
          "gtm",
          "42",
          version,
          "2025-01-05T10:00:00.000Z",
          "2025-02-01T08:30:00.123Z",
          null,
          0,
        ],
      );
    }
    await old.destroy();
    t = await startTestApp({ DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it("gives each existing pixel one version: its current state at its current version; the next update continues from it", async () => {
    const token = t!.token("legacy", "editor", "5");
    for (const [id, version] of [
      ["pix_oldone000001", 3],
      ["pix_oldtwo000002", 1],
    ] as const) {
      const got = await request(
        t!.baseUrl,
        "GET",
        `/saved-pixels/${id}?account_id=legacy`,
        { token },
      );
      expect(got.status).toBe(200);
      expect(got.headers.get("etag")).toBe(`"${id}.v${version}"`);
      const history = await request(
        t!.baseUrl,
        "GET",
        `/saved-pixels/${id}/versions?account_id=legacy`,
        { token },
      );
      expect(history.status).toBe(200);
      const snapshot = { ...got.body.data };
      delete snapshot.status;
      delete snapshot.last_event_at;
      expect(history.body.data).toEqual([
        {
          version,
          changed_by: 42,
          changed_at: "2025-02-01T08:30:00Z",
          changes: [],
          pixel: snapshot,
        },
      ]);
    }
    const updated = await request(
      t!.baseUrl,
      "PUT",
      `/saved-pixels/pix_oldone000001?account_id=legacy`,
      {
        token,
        json: { name: "Renamed purchase" },
        headers: { "if-match": '"pix_oldone000001.v3"' },
      },
    );
    expect(updated.status).toBe(200);
    const history = await request(
      t!.baseUrl,
      "GET",
      `/saved-pixels/pix_oldone000001/versions?account_id=legacy`,
      { token },
    );
    expect(
      history.body.data.map((v: Record<string, unknown>) => [
        v.version,
        v.changed_by,
        v.changes,
      ]),
    ).toEqual([
      [4, 5, ["name"]],
      [3, 42, []],
    ]);
    const restored = await request(
      t!.baseUrl,
      "POST",
      `/saved-pixels/pix_oldone000001/versions/3/restore?account_id=legacy`,
      { token },
    );
    expect(restored.status).toBe(200);
    expect(restored.body.data.name).toBe("Old purchase");
    expect(restored.headers.get("etag")).toBe('"pix_oldone000001.v5"');
  });
});
