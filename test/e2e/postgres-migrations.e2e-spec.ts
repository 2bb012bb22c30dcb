import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";
import { MIGRATIONS } from "../../src/database/migrations";

/**
 * Replicas on one PostgreSQL start together: the migrations' advisory lock makes
 * them take turns, so every replica comes up and each migration runs once. Runs
 * whenever the suite runs on PostgreSQL (TEST_DATABASE_URL=postgres://…), each
 * time on a new, empty database of its own.
 */
const url = process.env.TEST_DATABASE_URL ?? "";
const onPostgres = /^postgres(ql)?:\/\//.test(url);
const describeOnPostgres = onPostgres ? describe : describe.skip;
const REPLICAS = 4;

describeOnPostgres(
  onPostgres
    ? `PostgreSQL: ${REPLICAS} replicas starting at once on an empty database`
    : "PostgreSQL migrations (skipped: TEST_DATABASE_URL is not a postgres:// URL)",
  () => {
    const name = `sp_mig_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    let emptyUrl = "";
    let cleanup: () => Promise<void> = async () => undefined;
    const apps: TestApp[] = [];

    /** One query on a connection of its own. */
    async function query<T = Record<string, unknown>>(
      connectionString: string,
      sql: string,
    ): Promise<T[]> {
      const client = new Client({ connectionString });
      await client.connect();
      try {
        return (await client.query(sql)).rows as T[];
      } finally {
        await client.end();
      }
    }

    beforeAll(async () => {
      try {
        // A database of its own (the CI role may create databases)…
        await query(url, `CREATE DATABASE "${name}"`);
        const target = new URL(url);
        target.pathname = `/${name}`;
        emptyUrl = target.href;
        cleanup = async () => {
          await query(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        };
      } catch (error) {
        if ((error as { code?: string }).code !== "42501") throw error;
        // …or, without that privilege, an empty schema first on the search path.
        await query(url, `CREATE SCHEMA "${name}"`);
        const target = new URL(url);
        target.searchParams.set("options", `-c search_path=${name}`);
        emptyUrl = target.href;
        cleanup = async () => {
          await query(url, `DROP SCHEMA IF EXISTS "${name}" CASCADE`);
        };
      }
    });

    afterAll(async () => {
      await Promise.all(apps.map((app) => app.close()));
      await cleanup();
    });

    it("all come up, each migration runs once, and they share the data", async () => {
      const tables = await query(
        emptyUrl,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
      );
      expect(tables).toEqual([]); // really empty to begin with

      const started = await Promise.allSettled(
        Array.from({ length: REPLICAS }, () =>
          startTestApp({ DATABASE_URL: emptyUrl }),
        ),
      );
      for (const result of started)
        if (result.status === "fulfilled") apps.push(result.value);
      const failures = started
        .filter((result) => result.status === "rejected")
        .map((result) => String((result as PromiseRejectedResult).reason));
      expect(failures).toEqual([]);
      expect(apps).toHaveLength(REPLICAS);

      for (const app of apps) {
        const health = await request(app.baseUrl, "GET", "/health");
        expect(health.status).toBe(200);
        expect(health.body.data.database).toBe("postgres");
      }

      const ran = await query<{ name: string }>(
        emptyUrl,
        "SELECT name FROM migrations ORDER BY id",
      );
      expect(ran.map((row) => row.name)).toEqual(
        MIGRATIONS.map((migration) => new migration().name),
      );

      // One replica writes, every other one reads it: they are one service.
      const [first, ...others] = apps;
      const account = first.account("replicas");
      const created = await request(
        first.baseUrl,
        "POST",
        `/saved-pixels?account_id=${account}`,
        { token: first.token(account), json: pixelBody() },
      );
      expect(created.status).toBe(201);
      for (const app of others) {
        const read = await request(
          app.baseUrl,
          "GET",
          `/saved-pixels/${created.body.data.id}?account_id=${account}`,
          { token: app.token(account, "viewer") },
        );
        expect(read.status).toBe(200);
        expect(read.body.data).toEqual(created.body.data);
      }
    });

    it("a replica started later finds nothing to migrate", async () => {
      const late = await startTestApp({ DATABASE_URL: emptyUrl });
      apps.push(late);
      const health = await request(late.baseUrl, "GET", "/health");
      expect(health.status).toBe(200);
      const [{ n }] = await query<{ n: number }>(
        emptyUrl,
        "SELECT count(*)::int AS n FROM migrations",
      );
      expect(n).toBe(MIGRATIONS.length);
    });
  },
);
