import { Inject, Injectable, Logger, Optional } from "@nestjs/common";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { LRUCache } from "lru-cache";
import { DataSource, EntityManager, QueryRunner } from "typeorm";
import { driverErrorOf } from "./data-source";
import { WalCheckpointer } from "./wal-checkpointer";
import { WalSync } from "./wal-sync";

/** Parameter values the drivers bind as they are. */
export type SqlValue = string | number | null;
export type SqlParameters = Record<string, SqlValue>;

interface CompiledSql {
  text: string;
  /** The parameter name behind each placeholder, in order. */
  names: string[];
}

/** What a multi-row statement says around its tuples of values. */
export interface MultiRowShape {
  /** The text before the tuples, e.g. `INSERT INTO t (a, b) VALUES`. */
  head: string;
  /** Values per tuple. */
  columns: number;
  /** The text after the tuples, e.g. `ON CONFLICT DO NOTHING RETURNING a`. */
  tail?: string;
  /** Tuples per statement, at most: a longer list runs as several, in order. */
  maxRows: number;
  /**
   * A type per column to CAST its placeholder to (null: none), for tuples
   * whose column types PostgreSQL cannot infer (a VALUES list in a CTE).
   */
  casts?: readonly (string | null)[];
}

/**
 * One statement over a varying number of tuples — `head (…), (…), … tail` —
 * with its text built once per tuple count and kept (at most `maxRows`
 * texts), so a hot path binds an array of values instead of building a text
 * and a parameter object of hundreds of names per call, and the driver's
 * statement cache sees the same string each time.
 */
export class MultiRowStatement {
  private readonly texts = new Map<number, string>();

  constructor(
    readonly shape: MultiRowShape,
    private readonly placeholder: (index: number) => string,
  ) {}

  /** The text for `rows` tuples (rows ≥ 1). */
  text(rows: number): string {
    let text = this.texts.get(rows);
    if (text === undefined) {
      const { head, columns, tail = "", casts = [] } = this.shape;
      const tuples: string[] = [];
      for (let row = 0; row < rows; row++) {
        const slots: string[] = [];
        for (let column = 0; column < columns; column++) {
          const slot = this.placeholder(row * columns + column + 1);
          const cast = casts[column];
          slots.push(cast ? `CAST(${slot} AS ${cast})` : slot);
        }
        tuples.push(`(${slots.join(", ")})`);
      }
      text = `${head} ${tuples.join(", ")} ${tail}`.trimEnd();
      this.texts.set(rows, text);
    }
    return text;
  }
}

/** `:name`, but not the `::type` of a PostgreSQL cast. */
const NAMED_PARAMETER = /(?<!:):([A-Za-z_][A-Za-z0-9_]*)/g;
const MAX_COMPILED = 500;
/** Distinct statement texts prepared by name on PostgreSQL, at most. */
const MAX_PREPARED = 2_000;
/** Commits gather this long before a checkpoint starts (ms). */
const CHECKPOINT_DELAY_MS = 50;
/** 16,384 pages of 4 KiB: a log of 64 MiB is started over. */
const CHECKPOINT_RESTART_FRAMES = 16_384;
/** After another process kept a start-over busy, PASSIVE only for this long (ms). */
const CHECKPOINT_RESTART_BACKOFF_MS = 30_000;
/** A statement that only reads: nothing to make durable after it. */
const READ_ONLY = /^\s*SELECT\b/i;

/**
 * Hand-written SQL with :named parameters, on SQLite or PostgreSQL alike.
 *
 * Why not TypeORM's query builder: on the hot paths (one pixel by id, a list
 * page, an event insert) building the query cost three times what running it
 * did. Here each SQL text is turned into placeholders once and cached, values
 * are always bound (never inlined, so the driver's prepared-statement cache
 * sees one text per query), and every occurrence of a name gets a placeholder of
 * its own (PostgreSQL would otherwise have to deduce one type for two uses).
 */
@Injectable()
export class Sql {
  private readonly logger = new Logger(Sql.name);
  private readonly compiled = new LRUCache<string, CompiledSql>({
    max: MAX_COMPILED,
  });
  private readonly placeholder: (index: number) => string;
  /**
   * SQLite only. TypeORM gives better-sqlite3 one connection for everything, and
   * nests a second concurrent transaction as a savepoint of the first: a
   * rollback of one would undo the other's work, and plain statements of other
   * requests would run inside an open transaction. So on SQLite every statement
   * outside a transaction, and every transaction as a whole, waits its turn here.
   */
  private gate: Promise<unknown> | null = null;
  /**
   * SQLite files only: what makes a commit durable before it is acknowledged
   * (see WalSync). PostgreSQL syncs in its own process before COMMIT returns.
   */
  private readonly durable: WalSync | null;
  /** SQLite files only: checkpoints off the JavaScript thread (see WalCheckpointer). */
  private readonly checkpoints: WalCheckpointer | null;
  private automaticCheckpointsOff = false;
  /** PostgreSQL: each statement text's prepared-statement name (see `prepared`). */
  private readonly preparedNames = new Map<string, string>();
  private preparedCount = 0;

  /** PostgreSQL: whether statements run as named prepared statements (see `prepared`). */
  private readonly namedStatements: boolean;

  constructor(
    private readonly dataSource: DataSource,
    @Optional()
    @Inject(APP_CONFIG)
    config?: Pick<AppConfig, "databasePreparedStatements">,
  ) {
    this.namedStatements =
      dataSource.options.type === "postgres" &&
      (config?.databasePreparedStatements ?? true);
    this.placeholder =
      dataSource.options.type === "postgres"
        ? (index) => `$${index}`
        : () => "?";
    const options = dataSource.options;
    // Only a file in WAL mode has a log to sync (the app always enables it;
    // in rollback-journal mode SQLite's own `synchronous` setting applies).
    const walFile =
      options.type === "better-sqlite3" &&
      options.enableWAL === true &&
      typeof options.database === "string" &&
      options.database !== ":memory:"
        ? options.database
        : null;
    this.durable = walFile ? new WalSync(walFile) : null;
    this.checkpoints = walFile
      ? new WalCheckpointer(walFile, {
          delayMs: CHECKPOINT_DELAY_MS,
          restartFrames: CHECKPOINT_RESTART_FRAMES,
          restartBackoffMs: CHECKPOINT_RESTART_BACKOFF_MS,
          restartWhenQuiet: (task) => this.inTurn(task),
          onError: (error) =>
            this.logger.warn(`WAL checkpoint failed: ${error.message}`),
        })
      : null;
  }

  /** Closes what the runner holds open beside the connection (at shutdown, after the last write). */
  async close(): Promise<void> {
    await this.checkpoints?.close();
    await this.durable?.close();
  }

  /**
   * After a write committed: it is durable once this resolves (WalSync), and a
   * checkpoint is due (WalCheckpointer, which needs the connection's own
   * automatic checkpoints off: they would run inside this thread's COMMITs).
   */
  private afterCommit(durable: WalSync): Promise<void> {
    const checkpoints = this.checkpoints;
    if (checkpoints) {
      if (!this.automaticCheckpointsOff) {
        this.automaticCheckpointsOff = true;
        const driver = this.dataSource.driver as unknown as {
          databaseConnection: { pragma(sql: string): unknown };
        };
        driver.databaseConnection.pragma("wal_autocheckpoint = 0");
      }
      checkpoints.committed();
    }
    return durable.afterCommit();
  }

  /** Whether the database is PostgreSQL (row locks and other dialect differences). */
  get postgres(): boolean {
    return this.dataSource.options.type === "postgres";
  }

  /** The rows a statement returned (a SELECT, or anything with RETURNING). */
  async rows<T>(
    sql: string,
    parameters: SqlParameters = {},
    manager?: EntityManager,
  ): Promise<T[]> {
    const result = await this.run(sql, parameters, manager);
    return (result.records ?? []) as T[];
  }

  /** How many rows an UPDATE or DELETE touched. */
  async affected(
    sql: string,
    parameters: SqlParameters = {},
    manager?: EntityManager,
  ): Promise<number> {
    const result = await this.run(sql, parameters, manager);
    return result.affected ?? result.records?.length ?? 0;
  }

  /**
   * Runs `work` in one transaction; every statement of it must be handed the
   * manager (a statement without one runs outside the transaction, and on
   * SQLite waits for it to end: a deadlock the tests would show). Given
   * `within`, the manager of a transaction already running, `work` joins that
   * one instead, so a repository method that needs a transaction of its own
   * can be composed into its caller's.
   *
   * Why not carry the transaction along the async call chain
   * (AsyncLocalStorage): on Node 20 it turns on promise hooks for every
   * promise of the process, which cost 15 % of GET one pixel's throughput.
   */
  async transaction<T>(
    work: (manager: EntityManager) => Promise<T>,
    within?: EntityManager,
  ): Promise<T> {
    if (within) return work(within);
    const result = await this.inTurn(() =>
      this.namedStatements
        ? this.dataSource.transaction(work).catch((error: unknown) => {
            // A statement's plan went stale (see withFreshPlan): PostgreSQL
            // aborted the transaction; its statement is renamed, so run it again.
            if (!isStalePlan(error)) throw error;
            return this.dataSource.transaction(work);
          })
        : this.dataSource.transaction(work),
    );
    // Outside the turn: the next transaction may write while this one syncs.
    if (this.durable) await this.afterCommit(this.durable);
    return result;
  }

  /** On SQLite, runs `task` after everything queued before it (see `gate`). */
  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    if (this.dataSource.options.type === "postgres") return task();
    const turn = (this.gate ?? Promise.resolve()).then(task, task);
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    this.gate = settled;
    void settled.then(() => {
      if (this.gate === settled) this.gate = null;
    });
    return turn;
  }

  /**
   * A statement of `rows` tuples of values (a multi-row INSERT, an IN list),
   * written in the dialect's own placeholders: see MultiRowStatement.
   */
  multiRow(shape: MultiRowShape): MultiRowStatement {
    return new MultiRowStatement(shape, this.placeholder);
  }

  /**
   * Runs `statement` with one tuple per item of `items` — `valuesOf` appends
   * an item's values, `columns` of them — at most `maxRows` tuples per
   * statement, one statement after another in item order; answers the rows
   * they returned (RETURNING), in order. The values are bound, never
   * inlined, as with every statement here.
   */
  async rowsOf<T, R>(
    statement: MultiRowStatement,
    items: readonly T[],
    valuesOf: (item: T, values: SqlValue[]) => void,
    manager?: EntityManager,
  ): Promise<R[]> {
    const returned: R[] = [];
    await this.eachChunk(statement, items, valuesOf, manager, (result) => {
      for (const record of result.records ?? []) returned.push(record as R);
    });
    return returned;
  }

  /** As `rowsOf`, for a statement without RETURNING: how many rows it touched. */
  async affectedOf<T>(
    statement: MultiRowStatement,
    items: readonly T[],
    valuesOf: (item: T, values: SqlValue[]) => void,
    manager?: EntityManager,
  ): Promise<number> {
    let affected = 0;
    await this.eachChunk(statement, items, valuesOf, manager, (result) => {
      affected += result.affected ?? result.records?.length ?? 0;
    });
    return affected;
  }

  /** Runs `statement` over `items`, `maxRows` at a time, handing each result to `take`. */
  private async eachChunk<T>(
    statement: MultiRowStatement,
    items: readonly T[],
    valuesOf: (item: T, values: SqlValue[]) => void,
    manager: EntityManager | undefined,
    take: (result: { records?: unknown[]; affected?: number }) => void,
  ): Promise<void> {
    const { maxRows } = statement.shape;
    for (let first = 0; first < items.length; first += maxRows) {
      const end = Math.min(items.length, first + maxRows);
      const values: SqlValue[] = [];
      for (let i = first; i < end; i++) valuesOf(items[i], values);
      take(await this.execute(statement.text(end - first), values, manager));
    }
  }

  private run(
    sql: string,
    parameters: SqlParameters,
    manager: EntityManager | undefined,
  ): Promise<{ records?: unknown[]; affected?: number }> {
    const { text, names } = this.compile(sql);
    const values = names.map((name) => {
      if (!Object.prototype.hasOwnProperty.call(parameters, name))
        throw new Error(`SQL parameter :${name} has no value`);
      return parameters[name];
    });
    return this.execute(text, values, manager);
  }

  /** Runs `text` (already in the dialect's placeholders) with `values`. */
  private async execute(
    text: string,
    values: SqlValue[],
    manager: EntityManager | undefined,
  ): Promise<{ records?: unknown[]; affected?: number }> {
    const shared = manager?.queryRunner;
    if (this.namedStatements) {
      // Inside a transaction a refused statement has aborted it: no retry here
      // (`transaction` runs the whole of it again).
      if (shared)
        return this.withFreshPlan(
          text,
          (query) => shared.query(query, values, true),
          false,
        );
      return this.withFreshPlan(
        text,
        (query) => this.runAlone(query, values),
        true,
      );
    }
    if (shared) return shared.query(text, values, true);
    const pending = this.inTurn(() => this.runAlone(text, values));
    // A statement of its own commits on its own: durable before it is
    // answered. Reads take the plain path (no extra promise per query).
    const durable = this.durable;
    if (!durable || READ_ONLY.test(text)) return pending;
    return pending.then(async (result) => {
      await this.afterCommit(durable);
      return result;
    });
  }

  /** One statement on a runner of its own (not in a transaction). */
  private async runAlone(
    query: string,
    values: SqlValue[],
  ): Promise<{ records?: unknown[]; affected?: number }> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    try {
      return (await runner.query(query, values, true)) as {
        records?: unknown[];
        affected?: number;
      };
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs a statement in its prepared form. PostgreSQL refuses a prepared
   * statement whose result columns changed since it was parsed — another
   * replica migrated the table under it ("cached plan must not change
   * result type", SQLSTATE 0A000) — and node-postgres would keep sending the
   * stale one on that connection forever. So the text gets a new name (parsed
   * afresh on every connection) and, when `retry`, runs once more.
   */
  private async withFreshPlan<T>(
    text: string,
    run: (query: string) => Promise<T>,
    retry: boolean,
  ): Promise<T> {
    const query = this.prepared(text);
    try {
      return await run(query);
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      this.preparedNames.delete(text);
      if (!retry) throw error;
      return run(this.prepared(text));
    }
  }

  /**
   * On PostgreSQL, the statement as a named prepared statement (node-postgres
   * query config `{ name, text }`, which TypeORM's runner hands to the driver as
   * it is): each pooled connection parses it once, and PostgreSQL may keep a
   * generic plan after five runs, instead of parsing and planning every call
   * (a list page's count query spent ten times its run time in planning).
   * Texts are bounded (values are always bound, never inlined); past
   * MAX_PREPARED distinct texts the rest run unnamed. Only when
   * `namedStatements` (SQLite's driver caches prepared statements by text
   * already; DATABASE_PREPARED_STATEMENTS=off sends the text).
   */
  private prepared(text: string): string {
    let name = this.preparedNames.get(text);
    if (name === undefined) {
      if (this.preparedNames.size >= MAX_PREPARED) return text;
      name = `spx_${this.preparedCount++}`;
      this.preparedNames.set(text, name);
    }
    return { name, text } as unknown as string;
  }

  private compile(sql: string): CompiledSql {
    let compiled = this.compiled.get(sql);
    if (!compiled) {
      const names: string[] = [];
      const text = sql.replace(NAMED_PARAMETER, (_match, name: string) => {
        names.push(name);
        return this.placeholder(names.length);
      });
      compiled = { text, names };
      this.compiled.set(sql, compiled);
    }
    return compiled;
  }
}

/** PostgreSQL's refusal of a prepared statement whose result columns changed (see withFreshPlan). */
function isStalePlan(error: unknown): boolean {
  const driverError = driverErrorOf(error);
  return (
    driverError?.code === "0A000" &&
    String(driverError.message).includes("cached plan must not change")
  );
}
