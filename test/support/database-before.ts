import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { DataSource } from "typeorm";
import { parseDatabaseUrl } from "../../src/config/app-config";
import { dataSourceOptions } from "../../src/database/data-source";
import { MIGRATIONS } from "../../src/database/migrations";

/** A database as it was before a migration, for upgrade tests. */
export interface DatabaseBefore {
  /** DATABASE_URL of it, for startTestApp (which runs the remaining migrations). */
  url: string;
  onPostgres: boolean;
  /** Open on it with the earlier migrations run; destroy it before starting the app. */
  old: DataSource;
  /** The i-th (1-based) bind placeholder of this database's SQL. */
  placeholder(i: number): string;
  /** Removes the file or schema. */
  drop(): Promise<void>;
}

/**
 * A fresh SQLite file, or a fresh schema of TEST_DATABASE_URL's PostgreSQL,
 * migrated up to (not including) `migration`.
 */
export async function databaseBefore(
  migration: (typeof MIGRATIONS)[number],
  prefix: string,
): Promise<DatabaseBefore> {
  const server = process.env.TEST_DATABASE_URL ?? "";
  const onPostgres = /^postgres(ql)?:\/\//.test(server);
  const schema = `sp_${prefix}_${randomBytes(4).toString("hex")}`;
  const dir = mkdtempSync(join(tmpdir(), `saved-pixels-${prefix}-`));
  const onServer = async (sql: string) => {
    const client = new Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  let url = `sqlite:${join(dir, "old.sqlite")}`;
  if (onPostgres) {
    await onServer(`CREATE SCHEMA "${schema}"`);
    const target = new URL(server);
    target.searchParams.set("options", `-c search_path=${schema}`);
    url = target.href;
  }
  const old = new DataSource({
    ...dataSourceOptions(parseDatabaseUrl(url)),
    migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration)),
  });
  await old.initialize();
  await old.runMigrations({ transaction: "each" });
  return {
    url,
    onPostgres,
    old,
    placeholder: (i) => (onPostgres ? `$${i}` : "?"),
    async drop() {
      rmSync(dir, { recursive: true, force: true });
      if (onPostgres)
        await onServer(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}
