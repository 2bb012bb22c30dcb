import { Injectable } from "@nestjs/common";
import { Sql, SqlParameters } from "../database/sql";
import { attributionRules, AttributionRules } from "../pixels/attribution";
import { storedConversionRules } from "../pixels/conversion-rules";
import { PixelConfig } from "../pixels/pixel-config";

/** A saved pixel as server events need it. */
export interface IngestPixel {
  id: string;
  config: PixelConfig;
  account_id: string;
  /** §8: how the pixel attributes conversions (null for a pageview). */
  attribution_rules: AttributionRules | null;
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
    const rows = await this.sql.rows<{
      id: string;
      config: string;
      state: string;
      conversion_rules: string;
    }>(
      `SELECT id, config, state, conversion_rules FROM saved_pixels
        WHERE account_id = :accountId AND id IN (${ids.map((_, index) => `:id${index}`).join(", ")})`,
      parameters,
    );
    for (const row of rows) {
      const config = JSON.parse(row.config) as PixelConfig;
      const rules = storedConversionRules(
        row.state,
        row.conversion_rules,
        config.type,
        config.conversion_type,
      );
      found.set(row.id, {
        id: row.id,
        config,
        account_id: accountId,
        attribution_rules: attributionRules(rules),
      });
    }
    return found;
  }
}
