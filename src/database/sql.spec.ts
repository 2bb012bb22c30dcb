import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataSource } from "typeorm";
import { Sql } from "./sql";
import { WalSync } from "./wal-sync";

/**
 * SQLite has one connection: transactions and plain statements of concurrent
 * requests must take turns, or one request's rollback undoes another's write.
 */
describe("Sql on SQLite", () => {
  let dir: string;
  let dataSource: DataSource;
  let sql: Sql;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "sql-spec-"));
    dataSource = new DataSource({
      type: "better-sqlite3",
      database: join(dir, "t.sqlite"),
    });
    await dataSource.initialize();
    sql = new Sql(dataSource);
    await sql.affected("CREATE TABLE t (k text PRIMARY KEY)");
  });
  afterEach(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const keys = async () =>
    (await sql.rows<{ k: string }>("SELECT k FROM t ORDER BY k")).map(
      (row) => row.k,
    );

  it("a rolled-back transaction does not take a concurrent plain write with it", async () => {
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));
    const failing = sql.transaction(async (manager) => {
      await sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "tx" }, manager);
      started();
      await paused;
      throw new Error("roll back");
    });
    await inside; // the transaction is open now
    const plain = sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "plain" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(failing).rejects.toThrow("roll back");
    await plain;
    expect(await keys()).toEqual(["plain"]);
  });

  it("runs concurrent transactions one after the other, each whole", async () => {
    const order: string[] = [];
    await Promise.all(
      ["a", "b", "c"].map((k) =>
        sql
          .transaction(async (manager) => {
            order.push(`begin ${k}`);
            await sql.affected("INSERT INTO t (k) VALUES (:k)", { k }, manager);
            await new Promise((resolve) => setTimeout(resolve, 5));
            if (k === "b") throw new Error("b fails");
            order.push(`end ${k}`);
          })
          .catch(() => undefined),
      ),
    );
    expect(order).toEqual(["begin a", "end a", "begin b", "begin c", "end c"]);
    expect(await keys()).toEqual(["a", "c"]);
  });

  it("joins the transaction it is handed, and rolls back with it", async () => {
    await sql.transaction(async (manager) => {
      await sql.affected(
        "INSERT INTO t (k) VALUES (:k)",
        { k: "outer" },
        manager,
      );
      await sql.transaction((inner) => {
        expect(inner).toBe(manager);
        return sql.affected(
          "INSERT INTO t (k) VALUES (:k)",
          { k: "inner" },
          inner,
        );
      }, manager);
    });
    expect(await keys()).toEqual(["inner", "outer"]);
    await expect(
      sql.transaction(async (manager) => {
        await sql.transaction(
          (inner) =>
            sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "gone" }, inner),
          manager,
        );
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await keys()).toEqual(["inner", "outer"]);
  });
});

/**
 * WAL mode (as the app runs it): a write is answered only after the log's
 * fsync (WalSync), one per committed unit, never inside a transaction's turn.
 */
describe("Sql on SQLite in WAL mode", () => {
  let dir: string;
  let dataSource: DataSource;
  let sql: Sql;
  let syncs: jest.SpyInstance;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "sql-wal-spec-"));
    dataSource = new DataSource({
      type: "better-sqlite3",
      database: join(dir, "t.sqlite"),
      enableWAL: true,
    });
    await dataSource.initialize();
    sql = new Sql(dataSource);
    await sql.affected("CREATE TABLE t (k text PRIMARY KEY)");
    syncs = jest.spyOn(WalSync.prototype, "afterCommit");
  });
  afterEach(async () => {
    syncs.mockRestore();
    await sql.close();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("syncs the log after a plain write and after a transaction, not after a read or inside a transaction", async () => {
    await sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "a" });
    expect(syncs).toHaveBeenCalledTimes(1);
    await sql.rows("SELECT k FROM t");
    expect(syncs).toHaveBeenCalledTimes(1);
    await sql.transaction(async (manager) => {
      await sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "b" }, manager);
      await sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "c" }, manager);
      expect(syncs).toHaveBeenCalledTimes(1);
    });
    expect(syncs).toHaveBeenCalledTimes(2);
  });

  it("does not acknowledge a transaction whose sync failed", async () => {
    syncs.mockRejectedValueOnce(new Error("EIO"));
    await expect(
      sql.transaction((manager) =>
        sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "a" }, manager),
      ),
    ).rejects.toThrow("EIO");
  });

  it("lets the next transaction write while the previous one's sync runs", async () => {
    let finishSync!: () => void;
    syncs.mockImplementationOnce(
      () => new Promise<void>((resolve) => (finishSync = resolve)),
    );
    const first = sql.transaction((manager) =>
      sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "a" }, manager),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await sql.transaction((manager) =>
      sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "b" }, manager),
    );
    finishSync();
    await first;
    expect(
      (await sql.rows<{ k: string }>("SELECT k FROM t ORDER BY k")).map(
        (row) => row.k,
      ),
    ).toEqual(["a", "b"]);
  });
});

/** Multi-row statements: one text per tuple count, values bound in order. */
describe("Sql multi-row statements", () => {
  it("writes each dialect's placeholders, with casts where asked", () => {
    const sqlite = new Sql({ options: { type: "better-sqlite3" } } as never);
    const postgres = new Sql({ options: { type: "postgres" } } as never);
    const shape = {
      head: "INSERT INTO t (a, b) VALUES",
      columns: 2,
      casts: [null, "integer"],
      tail: "ON CONFLICT DO NOTHING",
      maxRows: 50,
    };
    expect(sqlite.multiRow(shape).text(2)).toBe(
      "INSERT INTO t (a, b) VALUES (?, CAST(? AS integer)), (?, CAST(? AS integer)) ON CONFLICT DO NOTHING",
    );
    expect(postgres.multiRow(shape).text(2)).toBe(
      "INSERT INTO t (a, b) VALUES ($1, CAST($2 AS integer)), ($3, CAST($4 AS integer)) ON CONFLICT DO NOTHING",
    );
    const statement = sqlite.multiRow({
      head: "SELECT",
      columns: 1,
      maxRows: 5,
    });
    expect(statement.text(3)).toBe(statement.text(3)); // kept, not rebuilt
    expect(statement.text(1)).toBe("SELECT (?)");
  });

  it("inserts and returns rows on SQLite, values in row order", async () => {
    const dataSource = new DataSource({
      type: "better-sqlite3",
      database: ":memory:",
    });
    await dataSource.initialize();
    try {
      const sql = new Sql(dataSource);
      await sql.affected("CREATE TABLE t (k text PRIMARY KEY, n integer)");
      const insert = sql.multiRow({
        head: "INSERT INTO t (k, n) VALUES",
        columns: 2,
        tail: "ON CONFLICT (k) DO NOTHING RETURNING k, n",
        maxRows: 2, // three rows: two statements
      });
      const inserted = await sql.rowsOf(
        insert,
        [
          ["a", 1],
          ["b", 2],
          ["a", 3],
        ],
        (row, values) => values.push(...row),
      );
      expect(inserted).toEqual([
        { k: "a", n: 1 },
        { k: "b", n: 2 },
      ]);
      const update = sql.multiRow({
        head: "WITH moves (k, n) AS (VALUES",
        columns: 2,
        tail: ") UPDATE t SET n = t.n + moves.n FROM moves WHERE t.k = moves.k",
        maxRows: 10,
      });
      expect(
        await sql.affectedOf(
          update,
          [
            ["a", 10],
            ["c", 1],
          ],
          (row, values) => values.push(...row),
        ),
      ).toBe(1);
      expect(await sql.rows("SELECT k, n FROM t ORDER BY k")).toEqual([
        { k: "a", n: 11 },
        { k: "b", n: 2 },
      ]);
    } finally {
      await dataSource.destroy();
    }
  });
});

/** PostgreSQL: statements go out as named prepared statements unless turned off. */
describe("Sql prepared statements on PostgreSQL", () => {
  function fakePostgres() {
    const sent: unknown[] = [];
    const runner = {
      query: async (query: unknown) => {
        sent.push(query);
        return { records: [] };
      },
      release: async () => undefined,
    };
    const dataSource = {
      options: { type: "postgres" },
      createQueryRunner: () => runner,
    } as unknown as DataSource;
    return { dataSource, sent };
  }

  it("names each distinct text once and reuses the name", async () => {
    const { dataSource, sent } = fakePostgres();
    const sql = new Sql(dataSource);
    await sql.rows("SELECT a FROM t WHERE k = :k", { k: 1 });
    await sql.rows("SELECT a FROM t WHERE k = :k", { k: 2 });
    await sql.rows("SELECT b FROM t WHERE k = :k", { k: 3 });
    expect(sent).toEqual([
      { name: "spx_0", text: "SELECT a FROM t WHERE k = $1" },
      { name: "spx_0", text: "SELECT a FROM t WHERE k = $1" },
      { name: "spx_1", text: "SELECT b FROM t WHERE k = $1" },
    ]);
  });

  const stalePlan = () =>
    Object.assign(new Error("query failed"), {
      driverError: {
        code: "0A000",
        message: "cached plan must not change result type",
      },
    });

  it("prepares a statement afresh, under a new name, when a migration made its plan stale", async () => {
    const { dataSource, sent } = fakePostgres();
    const sql = new Sql(dataSource);
    await sql.rows("SELECT * FROM t");
    const runner = dataSource.createQueryRunner() as unknown as {
      query: (query: unknown) => Promise<unknown>;
    };
    const query = runner.query;
    runner.query = async (q: unknown) => {
      runner.query = query;
      sent.push(q);
      throw stalePlan();
    };
    await sql.rows("SELECT * FROM t");
    await sql.rows("SELECT * FROM t");
    expect(sent).toEqual([
      { name: "spx_0", text: "SELECT * FROM t" },
      { name: "spx_0", text: "SELECT * FROM t" }, // refused
      { name: "spx_1", text: "SELECT * FROM t" }, // the retry
      { name: "spx_1", text: "SELECT * FROM t" },
    ]);
  });

  it("runs a transaction again when one of its statements had a stale plan, and rethrows other errors", async () => {
    const { dataSource, sent } = fakePostgres();
    const runner = dataSource.createQueryRunner() as unknown as {
      query: (query: unknown) => Promise<unknown>;
    };
    let attempts = 0;
    (dataSource as unknown as { transaction: unknown }).transaction = async (
      work: (manager: unknown) => Promise<unknown>,
    ) => {
      attempts++;
      return work({ queryRunner: runner });
    };
    const sql = new Sql(dataSource);
    const query = runner.query;
    runner.query = async (q: unknown) => {
      runner.query = query;
      sent.push(q);
      throw stalePlan();
    };
    await sql.transaction((manager) =>
      sql.affected("UPDATE t SET a = 1", {}, manager),
    );
    expect(attempts).toBe(2);
    expect(sent).toEqual([
      { name: "spx_0", text: "UPDATE t SET a = 1" },
      { name: "spx_1", text: "UPDATE t SET a = 1" },
    ]);
    runner.query = async () => {
      throw new Error("other");
    };
    await expect(
      sql.transaction((manager) =>
        sql.affected("UPDATE t SET a = 1", {}, manager),
      ),
    ).rejects.toThrow("other");
    expect(attempts).toBe(3);
  });

  it("sends plain text with DATABASE_PREPARED_STATEMENTS=off", async () => {
    const { dataSource, sent } = fakePostgres();
    const sql = new Sql(dataSource, { databasePreparedStatements: false });
    await sql.rows("SELECT a FROM t WHERE k = :k", { k: 1 });
    expect(sent).toEqual(["SELECT a FROM t WHERE k = $1"]);
  });
});
