import { Injectable } from "@nestjs/common";
import { Sql, SqlParameters } from "../database/sql";
import type { CollectingPixel } from "../collection/collected-event";
import {
  collectingPixel,
  CollectingPixelColumns,
} from "../collection/collecting-pixel";

/** A saved pixel as server events need it: as /collect sees it (config and §7 rules). */
export type IngestPixel = CollectingPixel;

/** The pixel lookups of `POST /events`, always scoped to the key's account. */
@Injectable()
export class ServerEventsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * The account's pixels among `ids` (at most a batch's 100), read fresh on
   * every request: one query, no cache to outlive a deletion or a move.
   */
  async accountPixels(
    accountId: string,
    ids: string[],
  ): Promise<Map<string, IngestPixel>> {
    const found = new Map<string, IngestPixel>();
    if (ids.length === 0) return found;
    const parameters: SqlParameters = { accountId };
    ids.forEach((id, index) => (parameters[`id${index}`] = id));
    const rows = await this.sql.rows<CollectingPixelColumns>(
      `SELECT id, config, state, conversion_rules, account_id FROM saved_pixels
        WHERE account_id = :accountId AND id IN (${ids.map((_, index) => `:id${index}`).join(", ")})`,
      parameters,
    );
    for (const row of rows) found.set(row.id, collectingPixel(row));
    return found;
  }
}
