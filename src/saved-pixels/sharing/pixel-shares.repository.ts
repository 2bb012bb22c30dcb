import { Injectable } from "@nestjs/common";
import type { EntityManager } from "typeorm";
import { Sql } from "../../database/sql";

/** One account a pixel is shared with, as stored. */
export interface PixelShare {
  accountId: string;
  /** ISO 8601 UTC with milliseconds. */
  sharedAt: string;
  /** The user id (the token's `sub`) that shared it, as text. */
  sharedBy: string;
}

interface ShareRow {
  account_id: string;
  shared_at: string;
  shared_by: string;
}

const toShare = (row: ShareRow): PixelShare => ({
  accountId: row.account_id,
  sharedAt: row.shared_at,
  sharedBy: row.shared_by,
});

/** The pixel is :pixelId and :ownerAccountId owns it: every write here is scoped by it. */
const OWNED_PIXEL =
  "EXISTS (SELECT 1 FROM saved_pixels WHERE id = :pixelId AND account_id = :ownerAccountId)";

/**
 * The accounts each pixel is shared with (Facebook's "ad accounts authorized
 * to use a pixel"). Only the owner's account reads or changes them: each query
 * names the owner, so another account's id changes nothing.
 */
@Injectable()
export class PixelSharesRepository {
  constructor(private readonly sql: Sql) {}

  /** The accounts a pixel of the owner is shared with, oldest share first. */
  async list(ownerAccountId: string, pixelId: string): Promise<PixelShare[]> {
    const rows = await this.sql.rows<ShareRow>(
      `SELECT account_id, shared_at, shared_by FROM saved_pixel_shares
        WHERE pixel_id = :pixelId AND ${OWNED_PIXEL}
        ORDER BY shared_at, account_id`,
      { pixelId, ownerAccountId },
    );
    return rows.map(toShare);
  }

  /**
   * Shares the owner's pixel with `accountId`. `created` is false when it was
   * already shared (the existing entry is answered, unchanged); null when the
   * owner has no such pixel (any more).
   */
  async share(
    ownerAccountId: string,
    pixelId: string,
    share: PixelShare,
  ): Promise<{ share: PixelShare; created: boolean } | null> {
    const parameters = {
      pixelId,
      ownerAccountId,
      accountId: share.accountId,
      sharedAt: share.sharedAt,
      sharedBy: share.sharedBy,
    };
    const [inserted] = await this.sql.rows<ShareRow>(
      `INSERT INTO saved_pixel_shares (pixel_id, account_id, shared_at, shared_by)
       SELECT id, :accountId, :sharedAt, :sharedBy FROM saved_pixels
        WHERE id = :pixelId AND account_id = :ownerAccountId
       ON CONFLICT (pixel_id, account_id) DO NOTHING
       RETURNING account_id, shared_at, shared_by`,
      parameters,
    );
    if (inserted) return { share: toShare(inserted), created: true };
    const [existing] = await this.sql.rows<ShareRow>(
      `SELECT account_id, shared_at, shared_by FROM saved_pixel_shares
        WHERE pixel_id = :pixelId AND account_id = :accountId AND ${OWNED_PIXEL}`,
      parameters,
    );
    return existing ? { share: toShare(existing), created: false } : null;
  }

  /** Stops sharing; false when the pixel was not shared with that account. */
  async unshare(
    ownerAccountId: string,
    pixelId: string,
    accountId: string,
  ): Promise<boolean> {
    const deleted = await this.sql.affected(
      `DELETE FROM saved_pixel_shares
        WHERE pixel_id = :pixelId AND account_id = :accountId AND ${OWNED_PIXEL}`,
      { pixelId, accountId, ownerAccountId },
    );
    return deleted > 0;
  }

  /**
   * Every share of a pixel that is being deleted. Not scoped by the owner: the
   * pixel row is gone already; call it only inside the transaction that deleted
   * it, after that delete (which the owner's account scoped) succeeded.
   */
  async deleteAllOfDeletedPixel(
    pixelId: string,
    manager: EntityManager,
  ): Promise<void> {
    await this.sql.affected(
      "DELETE FROM saved_pixel_shares WHERE pixel_id = :pixelId",
      { pixelId },
      manager,
    );
  }
}
