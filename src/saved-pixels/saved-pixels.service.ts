import { Injectable } from "@nestjs/common";
import { randomBytes } from "node:crypto";
import { Principal } from "../auth/principal";
import { ApiError } from "../http/api-error";
import { PixelConfig } from "../pixels/pixel-config";
import { SavedPixelEntity } from "./saved-pixel.entity";
import {
  NameTakenError,
  PixelChanges,
  SavedPixelsRepository,
} from "./saved-pixels.repository";
import {
  CreateSavedPixelDto,
  UpdateSavedPixelDto,
} from "./dto/saved-pixel-input.dto";
import { toPixelConfig } from "./dto/to-pixel-config";
import { DEFAULT_PAGE_SIZE } from "./dto/list-saved-pixels.query";
import { PixelStatus } from "./dto/saved-pixel.response";
import { nameKey } from "../pixels/text";
import { PixelType } from "../pixels/pixel-config";

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const ID_LENGTH = 12;

export function newPixelId(): string {
  const bytes = randomBytes(ID_LENGTH);
  let id = "pix_";
  // 252 = 7 × 36: taking bytes below it keeps every character equally likely.
  for (const byte of bytes) id += ID_ALPHABET[byte % 36];
  return id;
}

function pixelNotFound(): ApiError {
  return ApiError.notFound("No saved pixel with this id in this account.");
}

function nameConflict(name: string): ApiError {
  return new ApiError(
    "NAME_CONFLICT",
    `A saved pixel named "${name}" already exists in this account.`,
    [
      {
        field: "name",
        message:
          "is already used by another pixel of this account (names ignore case)",
      },
    ],
  );
}

/** Saved-pixel behaviour: what the routes do, with every query scoped to the account. */
@Injectable()
export class SavedPixelsService {
  constructor(private readonly repository: SavedPixelsRepository) {}

  async get(accountId: string, id: string): Promise<SavedPixelEntity> {
    const pixel = await this.repository.findOne(accountId, id);
    if (!pixel) throw pixelNotFound();
    return pixel;
  }

  list(
    accountId: string,
    query: {
      pixel_type?: PixelType;
      status?: PixelStatus;
      search?: string;
      limit?: number;
      offset?: number;
    },
  ) {
    return this.repository.list(accountId, {
      pixelType: query.pixel_type,
      status: query.status,
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
      targetPlatform: input.target_platform ?? "javascript",
      createdBy: String(principal.userId),
      version: 1,
      createdAt: now,
      updatedAt: now,
      lastEventAt: null,
      eventCount: 0,
    });
    try {
      await this.repository.insert(pixel);
    } catch (error) {
      if (error instanceof NameTakenError) throw nameConflict(input.name);
      throw error;
    }
    return pixel;
  }

  async update(
    accountId: string,
    id: string,
    input: UpdateSavedPixelDto,
    expectedVersion: number | undefined | null,
  ): Promise<SavedPixelEntity> {
    if (expectedVersion === null) {
      await this.get(accountId, id); // an unknown pixel is 404 before it is 412
      throw stale();
    }
    const changes: PixelChanges = {};
    if (input.name !== undefined) {
      changes.name = input.name;
      changes.nameKey = nameKey(input.name);
    }
    if (input.description !== undefined)
      changes.description = input.description;
    if (input.config !== undefined)
      Object.assign(changes, configColumns(toPixelConfig(input.config)));
    if (input.target_platform !== undefined)
      // null resets to the default, as it means on create.
      changes.targetPlatform = input.target_platform ?? "javascript";
    if (Object.keys(changes).length === 0) {
      // Nothing to change: answer with the pixel as it is (still honouring If-Match).
      const pixel = await this.get(accountId, id);
      if (expectedVersion !== undefined && pixel.version !== expectedVersion)
        throw stale();
      return pixel;
    }
    changes.updatedAt = new Date().toISOString();
    let outcome;
    try {
      outcome = await this.repository.update(
        accountId,
        id,
        changes,
        expectedVersion,
      );
    } catch (error) {
      if (error instanceof NameTakenError) throw nameConflict(input.name ?? "");
      throw error;
    }
    if (outcome.kind === "not_found") throw pixelNotFound();
    if (outcome.kind === "stale") throw stale();
    return outcome.pixel;
  }

  async delete(
    accountId: string,
    id: string,
    expectedVersion: number | undefined | null,
  ) {
    if (expectedVersion === null) {
      await this.get(accountId, id);
      throw stale();
    }
    if (await this.repository.delete(accountId, id, expectedVersion)) return;
    if (
      expectedVersion !== undefined &&
      (await this.repository.findOne(accountId, id))
    )
      throw stale();
    throw pixelNotFound();
  }
}

function stale(): ApiError {
  return new ApiError(
    "PRECONDITION_FAILED",
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
