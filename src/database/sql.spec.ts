import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataSource } from "typeorm";
import { Sql } from "./sql";

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
    const failing = sql.transaction(async () => {
      await sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "tx" });
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
          .transaction(async () => {
            order.push(`begin ${k}`);
            await sql.affected("INSERT INTO t (k) VALUES (:k)", { k });
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

  it("joins a transaction started inside another one", async () => {
    await sql.transaction(async () => {
      await sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "outer" });
      await sql.transaction(() =>
        sql.affected("INSERT INTO t (k) VALUES (:k)", { k: "inner" }),
      );
    });
    expect(await keys()).toEqual(["inner", "outer"]);
  });
});
