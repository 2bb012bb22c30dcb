import { Injectable } from "@nestjs/common";
import { LRUCache } from "lru-cache";
import { DataSource, EntityManager, QueryRunner } from "typeorm";
import { WalSync } from "./wal-sync";

/** Parameter values the drivers bind as they are. */
export type SqlValue = string | number | null;
export type SqlParameters = Record<string, SqlValue>;

interface CompiledSql {
  text: string;
  /** The parameter name behind each placeholder, in order. */
  names: string[];
}

/** `:name`, but not the `::type` of a PostgreSQL cast. */
const NAMED_PARAMETER = /(?<!:):([A-Za-z_][A-Za-z0-9_]*)/g;
const MAX_COMPILED = 500;
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

  constructor(private readonly dataSource: DataSource) {
    this.placeholder =
      dataSource.options.type === "postgres"
        ? (index) => `$${index}`
        : () => "?";
    const options = dataSource.options;
    // Only a file in WAL mode has a log to sync (the app always enables it;
    // in rollback-journal mode SQLite's own `synchronous` setting applies).
    this.durable =
      options.type === "better-sqlite3" &&
      options.enableWAL === true &&
      typeof options.database === "string" &&
      options.database !== ":memory:"
        ? new WalSync(options.database)
        : null;
  }

  /** Closes what the runner holds open beside the connection (at shutdown, after the last write). */
  async close(): Promise<void> {
    await this.durable?.close();
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
    const result = await this.inTurn(() => this.dataSource.transaction(work));
    // Outside the turn: the next transaction may write while this one syncs.
    await this.durable?.afterCommit();
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

  private async run(
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
    const shared = manager?.queryRunner;
    if (shared) return shared.query(text, values, true);
    const pending = this.inTurn(async () => {
      const runner: QueryRunner = this.dataSource.createQueryRunner();
      try {
        return (await runner.query(text, values, true)) as {
          records?: unknown[];
          affected?: number;
        };
      } finally {
        await runner.release();
      }
    });
    // A statement of its own commits on its own: durable before it is
    // answered. Reads take the plain path (no extra promise per query).
    const durable = this.durable;
    if (!durable || READ_ONLY.test(text)) return pending;
    return pending.then(async (result) => {
      await durable.afterCommit();
      return result;
    });
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
