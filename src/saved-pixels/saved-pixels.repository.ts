import { Injectable } from "@nestjs/common";
import { EntityManager } from "typeorm";
import { isUniqueViolation } from "../database/data-source";
import { PixelDependents } from "../database/pixel-dependents";
import { MultiRowStatement, Sql, SqlParameters } from "../database/sql";
import { InvalidValueError, NameConflictError } from "../common/domain-errors";
import { PixelType } from "../pixels/pixel-config";
import { nameKey } from "../pixels/text";
import { SavedPixelEntity } from "./saved-pixel.entity";
import { PIXEL_ACCESS } from "./access/pixel-access";
import { ACTIVE_WINDOW_MS, PixelStatus } from "../pixels/pixel-status";
import { PIXEL_ID } from "../pixels/pixel-id";
import { PixelState } from "../pixels/conversion-rules";

/**
 * Ids not of the one pixel-id shape cannot name a stored pixel, so they are not
 * looked up: junk in the path costs no query, and cannot reach PostgreSQL, which
 * refuses some text outright (a NUL character is an error there, not a miss).
 */
const STORED_ID = PIXEL_ID;

/**
 * Text columns the API writes, by the field that fills them. PostgreSQL cannot
 * store U+0000 in text (SQLite can): such input is refused on both databases
 * alike, as a 400 naming the field, rather than a 500 on one of them.
 */
const TEXT_COLUMNS: ReadonlyArray<[keyof SavedPixelEntity, string]> = [
  ["name", "name"],
  ["description", "description"],
  ["conversionType", "config.conversion_type"],
  ["config", "config"],
  ["targetPlatform", "target_platform"],
];

function refuseUnstorableText(values: Partial<SavedPixelEntity>): void {
  const details = TEXT_COLUMNS.filter(([column]) => {
    const value = values[column];
    return typeof value === "string" && value.includes("\u0000");
  }).map(([, field]) => ({
    field,
    message: "must not contain the NUL character (U+0000)",
  }));
  if (details.length > 0) throw new InvalidValueError(details);
}

/** What the public side (collector, runtime config) reads of a pixel: never its name or account. */
export interface CollectingPixelRow {
  id: string;
  config: string;
  state: string;
  conversion_rules: string;
  account_id: string;
}

export interface ListFilter {
  pixelType?: PixelType;
  status?: PixelStatus;
  /** The user's on/off switch (§7 `state`). */
  state?: PixelState;
  /** true: only pixels shared with the account; false: only its own; absent: both. */
  shared?: boolean;
  /** Name contains this text, ignoring case (matched against the folded name key). */
  search?: string;
  limit: number;
  offset: number;
  now: number;
}

export type UpdateOutcome =
  | { kind: "updated"; pixel: SavedPixelEntity }
  | { kind: "not_found" }
  | { kind: "stale"; pixel: SavedPixelEntity };

export type PixelChanges = Partial<
  Pick<
    SavedPixelEntity,
    | "name"
    | "nameKey"
    | "description"
    | "config"
    | "pixelType"
    | "conversionType"
    | "targetPlatform"
    | "updatedAt"
    | "state"
    | "conversionRules"
  >
>;

/** Entity fields and the columns that hold them, in table order. */
const COLUMNS: ReadonlyArray<[keyof SavedPixelEntity, string]> = [
  ["id", "id"],
  ["accountId", "account_id"],
  ["name", "name"],
  ["nameKey", "name_key"],
  ["description", "description"],
  ["config", "config"],
  ["pixelType", "pixel_type"],
  ["conversionType", "conversion_type"],
  ["targetPlatform", "target_platform"],
  ["createdBy", "created_by"],
  ["version", "version"],
  ["createdAt", "created_at"],
  ["updatedAt", "updated_at"],
  ["lastEventAt", "last_event_at"],
  ["eventCount", "event_count"],
  ["state", "state"],
  ["conversionRules", "conversion_rules"],
];
const COLUMN_OF = new Map(COLUMNS);
const SELECT_COLUMNS = COLUMNS.map(([, column]) => column).join(", ");

/** The fields a list page shows of a pixel (its config and rules stay in the table). */
const SUMMARY_FIELDS = [
  "id",
  "accountId",
  "name",
  "description",
  "pixelType",
  "conversionType",
  "targetPlatform",
  "createdAt",
  "updatedAt",
  "lastEventAt",
  "state",
] as const satisfies readonly (keyof SavedPixelEntity)[];
export type SavedPixelSummaryRow = Pick<
  SavedPixelEntity,
  (typeof SUMMARY_FIELDS)[number]
>;
/**
 * SUMMARY_FIELDS' columns, each named as its field: a page of 50 reads
 * neither `config` nor `conversion_rules`, the bulk of a row, which the
 * summary does not show.
 */
const SUMMARY_COLUMNS = SUMMARY_FIELDS.map((field) => {
  const column = COLUMN_OF.get(field)!;
  return column === field ? column : `${column} AS "${field}"`;
}).join(", ");

/**
 * From this offset on, a list page reads its ids from the index first, then
 * only its own rows (see `list`). Measured on PostgreSQL with 100,000 pixels:
 * offset 50,000 went from p99 13.7 to 8.9 ms, while the first page, which
 * skips nothing, got 25 % slower that way.
 */
const DEFERRED_READ_OFFSET = 1000;

/** What a batch of newly stored events does to one pixel's counter (recordEvents). */
export interface PixelEventsMove {
  pixelId: string;
  /** Newly stored events (not test events). */
  count: number;
  /** The latest of their received_at, ISO 8601. */
  last: string;
}

type PixelRow = Record<string, string | number | null>;
/** Pixel ids per statement of an existence lookup or a counter update. */
const IDS_PER_LOOKUP = 100;

function toEntity(row: PixelRow): SavedPixelEntity {
  const pixel = new SavedPixelEntity();
  const target = pixel as unknown as Record<string, unknown>;
  for (const [field, column] of COLUMNS) target[field] = row[column];
  // PostgreSQL may hand integers back as strings, SQLite as numbers.
  pixel.version = Number(pixel.version);
  pixel.eventCount = Number(pixel.eventCount ?? 0);
  return pixel;
}

/**
 * Every saved-pixel query, each one scoped to an account, in plain SQL that
 * SQLite and PostgreSQL both run (see Sql for why not the query builder).
 */
@Injectable()
export class SavedPixelsRepository {
  private readonly selectExisting: MultiRowStatement;
  private readonly updateEventCounts: MultiRowStatement;

  constructor(
    private readonly sql: Sql,
    private readonly dependents: PixelDependents,
  ) {
    this.selectExisting = sql.multiRow({
      head: "SELECT id FROM saved_pixels WHERE id IN (",
      columns: 1,
      maxRows: IDS_PER_LOOKUP,
      tail: `)${sql.postgres ? " FOR KEY SHARE" : ""}`,
    });
    // A CTE of (id, count, last) tuples joined to the pixels: one UPDATE
    // (UPDATE … FROM, SQLite ≥ 3.33 and PostgreSQL) instead of one per pixel.
    this.updateEventCounts = sql.multiRow({
      head: "WITH moves (id, n, last) AS (VALUES",
      columns: 3,
      maxRows: IDS_PER_LOOKUP,
      casts: [null, "integer", null],
      tail: `) UPDATE saved_pixels SET event_count = event_count + moves.n,
         last_event_at = CASE WHEN last_event_at IS NULL OR last_event_at < moves.last
                              THEN moves.last ELSE last_event_at END
       FROM moves WHERE saved_pixels.id = moves.id`,
    });
  }

  /** The pixel if the account may read it: its own, or shared with it (§11). */
  async findOne(
    accountId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<SavedPixelEntity | null> {
    if (!STORED_ID.test(id)) return null;
    const [row] = await this.sql.rows<PixelRow>(
      `SELECT ${SELECT_COLUMNS} FROM saved_pixels WHERE id = :id AND ${PIXEL_ACCESS.readable}`,
      { id, accountId },
      manager,
    );
    return row ? toEntity(row) : null;
  }

  /**
   * Of `ids`, those that exist, for an event batch (`manager`'s transaction)
   * about to store events of them. On PostgreSQL the rows are locked FOR KEY
   * SHARE until that transaction ends (as a foreign key would): a pixel deleted
   * meanwhile waits for the batch, then its delete removes these events too;
   * without the lock the delete could commit between this check and the
   * INSERT and leave orphans. KEY SHARE does not conflict with the batch's own
   * counter UPDATEs (recordEvents) nor with other batches, so batches never
   * queue behind each other here. SQLite runs one write transaction at a time.
   */
  async holdExisting(
    ids: string[],
    manager: EntityManager,
  ): Promise<Set<string>> {
    const rows = await this.sql.rowsOf<string, { id: string }>(
      this.selectExisting,
      [...ids].sort(),
      (id, values) => values.push(id),
      manager,
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Moves each pixel's event counter by `count` newly stored events and its
   * last-event time to `last` (ISO 8601) when that is later: what `status`
   * (§6) is read from. In `manager`'s transaction, with the events themselves;
   * one statement per chunk of pixels (an event batch touches many), in pixel
   * id order.
   */
  async recordEvents(
    moves: readonly PixelEventsMove[],
    manager: EntityManager,
  ): Promise<void> {
    const sorted = [...moves].sort((a, b) =>
      a.pixelId < b.pixelId ? -1 : a.pixelId > b.pixelId ? 1 : 0,
    );
    await this.sql.affectedOf(
      this.updateEventCounts,
      sorted,
      ({ pixelId, count, last }, values) => values.push(pixelId, count, last),
      manager,
    );
  }

  /**
   * The one lookup not scoped to an account: the public collector knows a pixel
   * only by its id. It returns nothing a page could use to learn about the pixel.
   */
  async findConfigById(id: string): Promise<CollectingPixelRow | null> {
    if (!STORED_ID.test(id)) return null;
    const [row] = await this.sql.rows<CollectingPixelRow>(
      "SELECT id, config, state, conversion_rules, account_id FROM saved_pixels WHERE id = :id",
      { id },
    );
    return row
      ? {
          id: row.id,
          config: row.config,
          state: row.state,
          conversion_rules: row.conversion_rules,
          account_id: row.account_id,
        }
      : null;
  }

  /**
   * One page, newest first, and the total under the same filter. Owned pixels
   * walk the (account_id, created_at, id) index, shared ones the shares'
   * (account_id, pixel_id) index; with both, each side is cut to the page's
   * end before they are merged, so neither is sorted whole (and a side with
   * nothing to list is not queried).
   */
  async list(
    accountId: string,
    filter: ListFilter,
  ): Promise<{ rows: SavedPixelSummaryRow[]; total: number }> {
    const scopes =
      filter.shared === undefined
        ? [PIXEL_ACCESS.owned, PIXEL_ACCESS.sharedWith]
        : [filter.shared ? PIXEL_ACCESS.sharedWith : PIXEL_ACCESS.owned];
    const conditions: string[] = [];
    const parameters: SqlParameters = { accountId };
    if (filter.pixelType) {
      conditions.push("pixel_type = :pixelType");
      parameters.pixelType = filter.pixelType;
    }
    if (filter.status === "unverified") {
      conditions.push("last_event_at IS NULL");
    } else if (filter.status) {
      conditions.push(
        filter.status === "active"
          ? "last_event_at >= :since"
          : "last_event_at < :since",
      );
      parameters.since = new Date(filter.now - ACTIVE_WINDOW_MS).toISOString();
    }
    if (filter.state) {
      conditions.push("state = :state");
      parameters.state = filter.state;
    }
    const search = filter.search ? nameKey(filter.search) : "";
    if (search) {
      // The name key is already trimmed, NFC and lower case, so LIKE compares
      // like with like on SQLite and PostgreSQL; the search's own % and _ are literal.
      conditions.push("name_key LIKE :search ESCAPE '\\'");
      parameters.search = `%${search.replace(/[\\%_]/g, "\\$&")}%`;
    }
    const scoped = scopes.map((scope) => [scope, ...conditions].join(" AND "));
    // Unfiltered, the account's own pixels are counted by the triggers of
    // migration 1732409500000 (one row, exact); filtered counts scan the index.
    const countOf = (where: string, i: number) =>
      scopes[i] === PIXEL_ACCESS.owned && conditions.length === 0
        ? "(SELECT COALESCE((SELECT pixels FROM account_pixel_counts WHERE account_id = :accountId), 0))"
        : `(SELECT COUNT(*) FROM saved_pixels WHERE ${where})`;
    const [counted] = await this.sql.rows<Record<string, number | string>>(
      `SELECT ${scoped.map((where, i) => `${countOf(where, i)} AS n${i}`).join(", ")}`,
      parameters,
    );
    const counts = scoped.map((_, i) => Number(counted[`n${i}`]));
    const count = counts.reduce((sum, n) => sum + n, 0);
    if (count <= filter.offset) return { rows: [], total: count };
    // Most accounts have no shared pixels: then the page is one index walk.
    const wheres = scoped.filter((_, i) => counts[i] > 0);
    const order = "ORDER BY created_at DESC, id DESC";
    // One side, deep in the list: the page's ids are found in the
    // (account_id, created_at, id) index alone (an index-only walk past
    // `offset` entries) and only the page's rows are read; reading each
    // skipped row too made offset 50,000 cost PostgreSQL 50,000 heap reads.
    // Near the top the plain walk is cheaper (no second lookup per row).
    const sql =
      wheres.length === 1
        ? filter.offset >= DEFERRED_READ_OFFSET
          ? `SELECT ${SUMMARY_COLUMNS} FROM saved_pixels WHERE id IN (
               SELECT id FROM saved_pixels WHERE ${wheres[0]} ${order} LIMIT :limit OFFSET :offset
             ) ${order}`
          : `SELECT ${SUMMARY_COLUMNS} FROM saved_pixels WHERE ${wheres[0]}
              ${order} LIMIT :limit OFFSET :offset`
        : `SELECT * FROM (${wheres
            .map(
              (
                where,
              ) => `SELECT * FROM (SELECT ${SUMMARY_COLUMNS} FROM saved_pixels
                 WHERE ${where} ${order} LIMIT :end) AS part`,
            )
            .join(
              " UNION ALL ",
            )}) AS merged ORDER BY "createdAt" DESC, id DESC LIMIT :limit OFFSET :offset`;
    const rows = await this.sql.rows<SavedPixelSummaryRow>(sql, {
      ...parameters,
      limit: filter.limit,
      offset: filter.offset,
      end: filter.offset + filter.limit,
    });
    return { rows, total: count };
  }

  /** Inserts a new pixel (in `manager`'s transaction when given). */
  async insert(
    pixel: SavedPixelEntity,
    manager?: EntityManager,
  ): Promise<void> {
    refuseUnstorableText(pixel);
    const parameters: SqlParameters = {};
    for (const [field] of COLUMNS) {
      parameters[field] = (pixel[field] ?? null) as string | number | null;
    }
    parameters.eventCount = pixel.eventCount ?? 0;
    try {
      await this.sql.affected(
        `INSERT INTO saved_pixels (${SELECT_COLUMNS})
         VALUES (${COLUMNS.map(([field]) => `:${field}`).join(", ")})`,
        parameters,
        manager,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new NameConflictError(pixel.name);
      throw error;
    }
  }

  /**
   * Applies the changes in one UPDATE that also checks the version when the client
   * sent If-Match, so two writers cannot both update from the same version.
   */
  async update(
    accountId: string,
    id: string,
    changes: PixelChanges,
    expectedVersion: number | undefined,
    manager?: EntityManager,
  ): Promise<UpdateOutcome> {
    if (!STORED_ID.test(id)) return { kind: "not_found" };
    refuseUnstorableText(changes);
    const fields = (Object.keys(changes) as (keyof PixelChanges)[])
      .filter((field) => changes[field] !== undefined)
      .sort();
    const parameters: SqlParameters = { id, accountId };
    const assignments = fields.map((field) => {
      parameters[field] = changes[field] ?? null;
      return `${COLUMN_OF.get(field)} = :${field}`;
    });
    assignments.push("version = version + 1");
    let where = "id = :id AND account_id = :accountId";
    if (expectedVersion !== undefined) {
      where += " AND version = :expectedVersion";
      parameters.expectedVersion = expectedVersion;
    }
    let affected: number;
    try {
      affected = await this.sql.affected(
        `UPDATE saved_pixels SET ${assignments.join(", ")} WHERE ${where}`,
        parameters,
        manager,
      );
    } catch (error) {
      // Only a new name can collide with the unique index on (account, name).
      if (isUniqueViolation(error))
        throw new NameConflictError(changes.name ?? "");
      throw error;
    }
    const pixel = await this.findOne(accountId, id, manager);
    if (!pixel) return { kind: "not_found" };
    return affected ? { kind: "updated", pixel } : { kind: "stale", pixel };
  }

  /**
   * Deletes the owner's pixel with its collected events and counting state,
   * together; false when the account owns no such pixel (at that version).
   * Shares and history are the caller's to delete in the same transaction.
   */
  async delete(
    accountId: string,
    id: string,
    expectedVersion?: number,
    within?: EntityManager,
  ): Promise<boolean> {
    if (!STORED_ID.test(id)) return false;
    const parameters: SqlParameters = { id, accountId };
    let where = "id = :id AND account_id = :accountId";
    if (expectedVersion !== undefined) {
      where += " AND version = :expectedVersion";
      parameters.expectedVersion = expectedVersion;
    }
    return this.sql.transaction(async (manager) => {
      const deleted = await this.sql.affected(
        `DELETE FROM saved_pixels WHERE ${where}`,
        parameters,
        manager,
      );
      if (!deleted) return false;
      // Events, counting state and rollups: by the repositories that own them.
      await this.dependents.deleteAll(id, manager);
      return true;
    }, within);
  }
}
