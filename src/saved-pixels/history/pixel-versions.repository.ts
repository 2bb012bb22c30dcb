import { Injectable } from "@nestjs/common";
import { Principal } from "../../auth/principal";
import type { EntityManager } from "typeorm";
import { Sql } from "../../database/sql";
import type { SavedPixelEntity } from "../saved-pixel.entity";
import { changedPaths, pixelSnapshot, PixelSnapshot } from "./pixel-snapshot";

/** One version of a pixel, as stored. */
export interface PixelVersion {
  version: number;
  /** The user id (the token's `sub`) that made the change, as text. */
  changedBy: string;
  /** ISO 8601 UTC, to the second, as the pixel's `updated_at` then. */
  changedAt: string;
  /** Dotted paths of the fields this version changed (`name`, `config.revenue`). */
  changes: string[];
  pixel: PixelSnapshot;
}

interface VersionRow {
  version: number | string;
  changed_by: string;
  changed_at: string;
  changes: string;
  pixel: string;
}

function toVersion(row: VersionRow): PixelVersion {
  return {
    version: Number(row.version),
    changedBy: row.changed_by,
    changedAt: row.changed_at,
    changes: JSON.parse(row.changes) as string[],
    pixel: JSON.parse(row.pixel) as PixelSnapshot,
  };
}

const VERSION_COLUMNS = "version, changed_by, changed_at, changes, pixel";
/** History rows of :pixelId, provided :ownerAccountId owns that pixel. */
const OWNED_PIXEL = `pixel_id = :pixelId AND EXISTS (
  SELECT 1 FROM saved_pixels WHERE id = :pixelId AND account_id = :ownerAccountId)`;

/**
 * A pixel's history: one row per version, keyed (pixel_id, version), where the
 * version is the one its ETag carries. Rows are written by `record`, which the
 * saved-pixel service calls inside the transaction of the change itself.
 */
@Injectable()
export class PixelVersionsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Records `pixel` (as just written) as its current version, with the paths
   * that changed since the previous recorded version. Call it inside the
   * change's transaction: the primary key then also refuses a second row for
   * one version, so two writers cannot both record it.
   */
  async record(
    pixel: SavedPixelEntity,
    principal: Principal,
    manager: EntityManager,
  ): Promise<void> {
    const snapshot = pixelSnapshot(pixel);
    const [previous] = await this.sql.rows<{ pixel: string }>(
      `SELECT pixel FROM saved_pixel_versions WHERE pixel_id = :id
        ORDER BY version DESC LIMIT 1`,
      { id: pixel.id },
      manager,
    );
    const before = previous
      ? (JSON.parse(previous.pixel) as PixelSnapshot)
      : {};
    await this.sql.affected(
      `INSERT INTO saved_pixel_versions (pixel_id, ${VERSION_COLUMNS})
       VALUES (:id, :version, :changedBy, :changedAt, :changes, :pixel)`,
      {
        id: pixel.id,
        version: pixel.version,
        changedBy: String(principal.userId),
        changedAt: String(snapshot.updated_at),
        changes: JSON.stringify(changedPaths(before, snapshot)),
        pixel: JSON.stringify(snapshot),
      },
      manager,
    );
  }

  /**
   * One page of a pixel's versions, newest first, and how many there are. Only
   * the owner's account reads history (`ownerAccountId` scopes the query).
   */
  async list(
    ownerAccountId: string,
    pixelId: string,
    page: { limit: number; offset: number },
  ): Promise<{ rows: PixelVersion[]; total: number }> {
    const scope = { pixelId, ownerAccountId };
    const [{ total }] = await this.sql.rows<{ total: number | string }>(
      `SELECT COUNT(*) AS total FROM saved_pixel_versions WHERE ${OWNED_PIXEL}`,
      scope,
    );
    const rows = await this.sql.rows<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM saved_pixel_versions WHERE ${OWNED_PIXEL}
        ORDER BY version DESC LIMIT :limit OFFSET :offset`,
      { ...scope, limit: page.limit, offset: page.offset },
    );
    return { rows: rows.map(toVersion), total: Number(total) };
  }

  /** One version of a pixel the account owns, or null. */
  async find(
    ownerAccountId: string,
    pixelId: string,
    version: number,
  ): Promise<PixelVersion | null> {
    const [row] = await this.sql.rows<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM saved_pixel_versions
        WHERE ${OWNED_PIXEL} AND version = :version`,
      { pixelId, ownerAccountId, version },
    );
    return row ? toVersion(row) : null;
  }

  /**
   * The whole history of a pixel that is being deleted. Not scoped by the owner:
   * the pixel row is gone already; call it only inside the transaction that
   * deleted it, after that delete (which the owner's account scoped) succeeded.
   */
  async deleteAllOfDeletedPixel(
    pixelId: string,
    manager: EntityManager,
  ): Promise<void> {
    await this.sql.affected(
      "DELETE FROM saved_pixel_versions WHERE pixel_id = :pixelId",
      { pixelId },
      manager,
    );
  }
}
