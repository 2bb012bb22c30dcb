import { Injectable } from "@nestjs/common";
import { DataSource, Repository } from "typeorm";
import { isUniqueViolation } from "../database/data-source";
import { ApiError } from "../http/api-error";
import { PixelType } from "./pixel-config";
import { SavedPixelEntity } from "./saved-pixel.entity";
import { PixelStatus } from "./dto/saved-pixel.response";
import { ACTIVE_WINDOW_MS } from "./saved-pixel.view";

/**
 * Ids as the service issues them (`pix_` + lowercase letters and digits, and the
 * column holds 32 characters). Anything else cannot name a stored pixel, so it is
 * not looked up: junk in the path costs no query, and cannot reach PostgreSQL,
 * which refuses some text outright (a NUL character is an error there, not a miss).
 */
const STORED_ID = /^pix_[a-z0-9]{6,28}$/;

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
  if (details.length > 0) throw ApiError.validation(details);
}

/** Another pixel of the account already has this name (the unique index said so). */
export class NameTakenError extends Error {}

export interface ListFilter {
  pixelType?: PixelType;
  status?: PixelStatus;
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
  >
>;

/** Every saved-pixel query, each one scoped to an account. */
@Injectable()
export class SavedPixelsRepository {
  private readonly pixels: Repository<SavedPixelEntity>;

  constructor(dataSource: DataSource) {
    this.pixels = dataSource.getRepository(SavedPixelEntity);
  }

  async findOne(
    accountId: string,
    id: string,
  ): Promise<SavedPixelEntity | null> {
    if (!STORED_ID.test(id)) return null;
    return this.pixels.findOneBy({ accountId, id });
  }

  /**
   * The one lookup not scoped to an account: the public collector knows a pixel
   * only by its id. It returns nothing a page could use to learn about the pixel.
   */
  async findConfigById(
    id: string,
  ): Promise<{ id: string; config: string } | null> {
    if (!STORED_ID.test(id)) return null;
    const row = await this.pixels.findOne({
      where: { id },
      select: { id: true, config: true },
    });
    return row ? { id: row.id, config: row.config } : null;
  }

  async list(
    accountId: string,
    filter: ListFilter,
  ): Promise<{ rows: SavedPixelEntity[]; total: number }> {
    const query = this.pixels
      .createQueryBuilder("pixel")
      .where("pixel.account_id = :accountId", { accountId });
    if (filter.pixelType) {
      query.andWhere("pixel.pixel_type = :pixelType", {
        pixelType: filter.pixelType,
      });
    }
    if (filter.status) {
      const since = new Date(filter.now - ACTIVE_WINDOW_MS).toISOString();
      if (filter.status === "unverified")
        query.andWhere("pixel.last_event_at IS NULL");
      if (filter.status === "active")
        query.andWhere("pixel.last_event_at >= :since", { since });
      if (filter.status === "inactive")
        query.andWhere("pixel.last_event_at < :since", { since });
    }
    const total = await query.getCount();
    const rows =
      total <= filter.offset
        ? []
        : await query
            .orderBy("pixel.created_at", "DESC")
            .addOrderBy("pixel.id", "DESC")
            .limit(filter.limit)
            .offset(filter.offset)
            .getMany();
    return { rows, total };
  }

  async insert(pixel: SavedPixelEntity): Promise<void> {
    refuseUnstorableText(pixel);
    try {
      await this.pixels.insert(pixel);
    } catch (error) {
      if (isUniqueViolation(error)) throw new NameTakenError();
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
  ): Promise<UpdateOutcome> {
    if (!STORED_ID.test(id)) return { kind: "not_found" };
    refuseUnstorableText(changes);
    const query = this.pixels
      .createQueryBuilder()
      .update(SavedPixelEntity)
      .set({ ...changes, version: () => "version + 1" })
      .where("id = :id AND account_id = :accountId", { id, accountId });
    if (expectedVersion !== undefined) {
      query.andWhere("version = :expectedVersion", { expectedVersion });
    }
    let affected: number | undefined;
    try {
      affected = (await query.execute()).affected;
    } catch (error) {
      if (isUniqueViolation(error)) throw new NameTakenError();
      throw error;
    }
    const pixel = await this.findOne(accountId, id);
    if (!pixel) return { kind: "not_found" };
    return affected ? { kind: "updated", pixel } : { kind: "stale", pixel };
  }

  /** Deletes the pixel and the events it received, together. */
  async delete(
    accountId: string,
    id: string,
    expectedVersion?: number,
  ): Promise<boolean> {
    if (!STORED_ID.test(id)) return false;
    const criteria =
      expectedVersion === undefined
        ? { accountId, id }
        : { accountId, id, version: expectedVersion };
    return this.pixels.manager.transaction(async (manager) => {
      const result = await manager.delete(SavedPixelEntity, criteria);
      if (!result.affected) return false;
      await manager
        .createQueryBuilder()
        .delete()
        .from("pixel_events")
        .where("pixel_id = :id", { id })
        .execute();
      return true;
    });
  }
}
