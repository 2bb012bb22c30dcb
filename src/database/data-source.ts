import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DataSource, DataSourceOptions } from "typeorm";
import type { DatabaseConfig } from "../config/app-config";
import { ENTITIES } from "./entities";
import { MIGRATIONS } from "./migrations";

/** Arbitrary constant: the PostgreSQL advisory lock that serialises migrations across replicas. */
const MIGRATION_LOCK_KEY = 7_346_529_101;

export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  if (database.type === "postgres") {
    return {
      ...common,
      type: "postgres",
      url: database.url,
      extra: { max: 10 },
    };
  }
  return {
    ...common,
    type: "better-sqlite3",
    database: database.path,
    enableWAL: true,
    statementCacheSize: 1000,
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      // WAL + NORMAL: a commit is in the log (it survives a crash of the
      // process) without an fsync on the JavaScript thread; Sql then awaits
      // WalSync's fsync of the log before answering, so an acknowledged write
      // survives a crash of the machine too (see wal-sync.ts).
      db.pragma("synchronous = NORMAL");
      db.pragma("busy_timeout = 5000");
    },
  };
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(
  database: DatabaseConfig,
): Promise<DataSource> {
  if (database.type === "sqlite" && database.path !== ":memory:") {
    mkdirSync(dirname(database.path), { recursive: true });
  }
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Runs pending migrations. On PostgreSQL an advisory lock makes replicas that
 * start together take turns: the first migrates, the others then find nothing to do.
 */
async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== "postgres") {
    await dataSource.runMigrations({ transaction: "each" });
    return;
  }
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: "each" });
  } finally {
    await lock
      .query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lock.release();
  }
}

/**
 * The driver's own error inside TypeORM's QueryFailedError (`driverError`), or
 * the error itself when it came straight from the driver: where `code`
 * (SQLITE_…, a PostgreSQL SQLSTATE, a Node errno) and the message are.
 */
export function driverErrorOf(
  error: unknown,
): { code?: unknown; message?: unknown } | undefined {
  return (
    (error as { driverError?: { code?: unknown; message?: unknown } })
      ?.driverError ?? (error as { code?: unknown; message?: unknown })
  );
}

export function isUniqueViolation(error: unknown): boolean {
  const code = driverErrorOf(error)?.code;
  return (
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    code === "23505"
  );
}

/**
 * Whether a failed statement says nothing about the data: the database is
 * locked by another connection (SQLITE_BUSY/SQLITE_LOCKED) or the connection
 * failed (PostgreSQL SQLSTATE class 08, 57P01–57P03 shutdown, 53300 too many
 * connections; Node's ECONNREFUSED/ECONNRESET). Trying again later may succeed.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = driverErrorOf(error)?.code;
  if (typeof code !== "string") return false;
  return (
    code.startsWith("SQLITE_BUSY") ||
    code.startsWith("SQLITE_LOCKED") ||
    code.startsWith("08") ||
    code === "57P01" ||
    code === "57P02" ||
    code === "57P03" ||
    code === "53300" ||
    code === "ECONNREFUSED" ||
    code === "ECONNRESET"
  );
}
