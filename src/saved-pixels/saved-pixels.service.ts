import { Injectable } from "@nestjs/common";
import { Principal } from "../auth/principal";
import {
  NotFoundError,
  PreconditionFailedError,
} from "../common/domain-errors";
import { PixelConfig } from "../pixels/pixel-config";
import { SavedPixelEntity } from "./saved-pixel.entity";
import { PixelChanges, SavedPixelsRepository } from "./saved-pixels.repository";
import {
  CreateSavedPixelDto,
  UpdateSavedPixelDto,
} from "./dto/saved-pixel-input.dto";
import { toPixelConfig } from "./dto/to-pixel-config";
import { DEFAULT_PAGE_SIZE } from "./dto/list-saved-pixels.query";
import { PixelStatus } from "../pixels/pixel-status";
import { nameKey } from "../pixels/text";
import { Sql } from "../database/sql";
import { requireOwner } from "./access/pixel-access";
import { PixelVersionsRepository } from "./history/pixel-versions.repository";
import { PixelSharesRepository } from "./sharing/pixel-shares.repository";
import { PixelType } from "../pixels/pixel-config";
import {
  conversionRulesForCreate,
  conversionRulesForUpdate,
  namesConversionRules,
} from "./conversion-rules.columns";

import { newPixelId } from "../pixels/pixel-id";
import { PixelState } from "../pixels/conversion-rules";

function pixelNotFound(): NotFoundError {
  return new NotFoundError("No saved pixel with this id in this account.");
}

/**
 * Saved-pixel behaviour: what the routes do, with every query scoped to the
 * account. Every create and update records the new version in its history,
 * in the same transaction.
 */
@Injectable()
export class SavedPixelsService {
  constructor(
    private readonly repository: SavedPixelsRepository,
    private readonly sql: Sql,
    private readonly versions: PixelVersionsRepository,
    private readonly shares: PixelSharesRepository,
  ) {}

  /** A pixel the account may read (its own or shared with it); 404 otherwise. */
  async get(accountId: string, id: string): Promise<SavedPixelEntity> {
    const pixel = await this.repository.findOne(accountId, id);
    if (!pixel) throw pixelNotFound();
    return pixel;
  }

  /** A pixel the account owns: 404 when it may not read it, 403 when it was only shared with it. */
  async getOwned(accountId: string, id: string): Promise<SavedPixelEntity> {
    return requireOwner(await this.get(accountId, id), accountId);
  }

  list(
    accountId: string,
    query: {
      pixel_type?: PixelType;
      status?: PixelStatus;
      state?: PixelState;
      shared?: boolean;
      search?: string;
      limit?: number;
      offset?: number;
    },
  ) {
    return this.repository.list(accountId, {
      pixelType: query.pixel_type,
      status: query.status,
      state: query.state,
      shared: query.shared,
      search: query.search,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      offset: query.offset ?? 0,
      now: Date.now(),
    });
  }

  async create(
    accountId: string,
    principal: Principal,
    input: CreateSavedPixelDto,
  ): Promise<SavedPixelEntity> {
    const now = new Date().toISOString();
    const config = toPixelConfig(input.config);
    const pixel = Object.assign(new SavedPixelEntity(), {
      id: newPixelId(),
      accountId,
      name: input.name,
      nameKey: nameKey(input.name),
      description: input.description ?? null,
      ...configColumns(config),
      ...conversionRulesForCreate(input, config),
      targetPlatform: input.target_platform ?? "javascript",
      createdBy: String(principal.userId),
      version: 1,
      createdAt: now,
      updatedAt: now,
      lastEventAt: null,
      eventCount: 0,
    });
    await this.sql.transaction(async (manager) => {
      await this.repository.insert(pixel, manager);
      await this.versions.record(pixel, principal, manager);
    });
    return pixel;
  }

  async update(
    accountId: string,
    id: string,
    input: UpdateSavedPixelDto,
    expectedVersion: number | undefined | null,
    principal: Principal,
  ): Promise<SavedPixelEntity> {
    if (expectedVersion === null) {
      await this.getOwned(accountId, id); // an unknown pixel is 404 before it is 412
      throw stale();
    }
    const changes: PixelChanges = {};
    if (input.name !== undefined) {
      changes.name = input.name;
      changes.nameKey = nameKey(input.name);
    }
    if (input.description !== undefined)
      changes.description = input.description;
    const nextConfig =
      input.config !== undefined ? toPixelConfig(input.config) : undefined;
    if (nextConfig) Object.assign(changes, configColumns(nextConfig));
    if (nextConfig || namesConversionRules(input))
      // The rules depend on the pixel's type, which the request may not name.
      Object.assign(
        changes,
        conversionRulesForUpdate(
          input,
          await this.get(accountId, id),
          nextConfig,
        ),
      );
    if (input.target_platform !== undefined)
      // null resets to the default, as it means on create.
      changes.targetPlatform = input.target_platform ?? "javascript";
    if (Object.keys(changes).length === 0) {
      // Nothing to change: answer with the pixel as it is (still honouring If-Match).
      const pixel = await this.getOwned(accountId, id);
      if (expectedVersion !== undefined && pixel.version !== expectedVersion)
        throw stale();
      return pixel;
    }
    changes.updatedAt = new Date().toISOString();
    const outcome = await this.sql.transaction(async (manager) => {
      const result = await this.repository.update(
        accountId,
        id,
        changes,
        expectedVersion,
        manager,
      );
      if (result.kind === "updated")
        await this.versions.record(result.pixel, principal, manager);
      return result;
    });
    if (outcome.kind === "not_found") throw pixelNotFound();
    // The UPDATE matched only the owner's row: a pixel found anyway was shared.
    if (outcome.kind === "stale") {
      requireOwner(outcome.pixel, accountId);
      throw stale();
    }
    return outcome.pixel;
  }

  async delete(
    accountId: string,
    id: string,
    expectedVersion: number | undefined | null,
  ) {
    if (expectedVersion === null) {
      await this.getOwned(accountId, id);
      throw stale();
    }
    // The pixel, its events, shares and history go together, each table by
    // the repository that owns it.
    const deleted = await this.sql.transaction(async (manager) => {
      if (
        !(await this.repository.delete(accountId, id, expectedVersion, manager))
      )
        return false;
      await this.shares.deleteAllOfDeletedPixel(id, manager);
      await this.versions.deleteAllOfDeletedPixel(id, manager);
      return true;
    });
    if (deleted) return;
    // The DELETE matched only the owner's row: say why it did not happen.
    const pixel = await this.repository.findOne(accountId, id);
    if (!pixel) throw pixelNotFound();
    requireOwner(pixel, accountId);
    throw expectedVersion !== undefined ? stale() : pixelNotFound();
  }
}

function stale(): PreconditionFailedError {
  return new PreconditionFailedError(
    "The pixel has changed since you read it (If-Match does not match its ETag). Read it again and retry.",
  );
}

function configColumns(config: PixelConfig) {
  return {
    config: JSON.stringify(config),
    pixelType: config.type,
    conversionType: config.conversion_type ?? null,
  };
}
