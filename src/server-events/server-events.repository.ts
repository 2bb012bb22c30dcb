import { Injectable } from "@nestjs/common";
import { Sql, SqlParameters } from "../database/sql";
import { PixelConfig } from "../pixels/pixel-config";

/** A saved pixel as server events need it. */
export interface IngestPixel {
  id: string;
  config: PixelConfig;
}

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
    const rows = await this.sql.rows<{ id: string; config: string }>(
      `SELECT id, config FROM saved_pixels
        WHERE account_id = :accountId AND id IN (${ids.map((_, index) => `:id${index}`).join(", ")})`,
      parameters,
    );
    for (const row of rows)
      found.set(row.id, {
        id: row.id,
        config: JSON.parse(row.config) as PixelConfig,
      });
    return found;
  }
}
