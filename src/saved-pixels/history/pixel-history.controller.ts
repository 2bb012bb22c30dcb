import {
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
} from "@nestjs/common";
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from "@nestjs/swagger";
import type { FastifyReply } from "fastify";
import { Authenticated } from "../../auth/authenticated.decorator";
import { Principal } from "../../auth/principal";
import { AccountId, CurrentPrincipal } from "../../auth/request-context";
import { ApiError } from "../../http/api-error";
import { ApiEnvelope, ApiErrors, BODY_ERRORS } from "../../http/api-docs";
import { ok } from "../../http/envelope";
import { QUERY_VALIDATION } from "../../http/validation";
import { DEFAULT_PAGE_SIZE } from "../dto/list-saved-pixels.query";
import { ListMeta, SavedPixelResponse } from "../dto/saved-pixel.response";
import type { UpdateSavedPixelDto } from "../dto/saved-pixel-input.dto";
import { expectedVersionFromIfMatch } from "../if-match";
import { createdBy, etagOf, toSavedPixelResponse } from "../saved-pixel.view";
import { SavedPixelsService } from "../saved-pixels.service";
import { PIXEL_ID_PARAM, PIXEL_ROUTE_ERRORS } from "../pixel-route-docs";
import { pixelSnapshot, restoreChanges } from "./pixel-snapshot";
import { ListVersionsQuery, PixelVersionResponse } from "./pixel-version.dto";
import {
  PixelVersion,
  PixelVersionsRepository,
} from "./pixel-versions.repository";

/** Versions are whole numbers from 1; anything else in the path is a 400. */
const VERSION_NUMBER = /^[1-9][0-9]{0,8}$/;

function toResponse(version: PixelVersion): PixelVersionResponse {
  return {
    version: version.version,
    changed_by: createdBy(version.changedBy),
    changed_at: version.changedAt,
    changes: version.changes,
    pixel: version.pixel,
  };
}

/**
 * A pixel's change history and restore (contract §11). History is the owner's:
 * an account the pixel is shared with gets 403 here, any other account 404.
 */
@ApiTags("Sharing and history")
@Controller("saved-pixels")
export class PixelHistoryController {
  constructor(
    private readonly pixels: SavedPixelsService,
    private readonly versions: PixelVersionsRepository,
  ) {}

  @Get(":pixel_id/versions")
  @Authenticated({ scope: "read" })
  @ApiOperation({
    operationId: "listPixelVersions",
    summary: "Change history of a saved pixel",
    description:
      "Every create, update and restore, newest first; `version` is the number in the pixel's ETag. Owner's account only (403 for an account the pixel is shared with).",
  })
  @ApiParam(PIXEL_ID_PARAM)
  @ApiEnvelope(200, PixelVersionResponse, { isArray: true, meta: ListMeta })
  @ApiErrors(...PIXEL_ROUTE_ERRORS)
  async list(
    @AccountId() accountId: string,
    @Param("pixel_id") id: string,
    @Query(QUERY_VALIDATION) query: ListVersionsQuery,
  ) {
    await this.pixels.getOwned(accountId, id);
    const page = {
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      offset: query.offset ?? 0,
    };
    const { rows, total } = await this.versions.list(accountId, id, page);
    return ok(rows.map(toResponse), { total, ...page });
  }

  @Post(":pixel_id/versions/:version/restore")
  @HttpCode(200)
  @Authenticated({ scope: "write" })
  @ApiOperation({
    operationId: "restorePixelVersion",
    summary: "Restore a version of a saved pixel",
    description:
      "Writes that version's fields back as a new version (its name must still be free: 409 otherwise) and answers the pixel. Restoring the current version, or any version whose fields equal the pixel's now, changes nothing and answers it as it is (200, no new version). Unknown version: 404.",
  })
  @ApiParam(PIXEL_ID_PARAM)
  @ApiParam({ name: "version", example: 1 })
  @ApiHeader({
    name: "If-Match",
    required: false,
    description: "The ETag you read; 412 if the pixel has changed since.",
  })
  @ApiEnvelope(200, SavedPixelResponse, {
    headers: { ETag: { description: "The new version, for If-Match." } },
  })
  @ApiErrors(
    ...PIXEL_ROUTE_ERRORS,
    "NAME_CONFLICT",
    "PRECONDITION_FAILED",
    ...BODY_ERRORS,
  )
  async restore(
    @AccountId() accountId: string,
    @CurrentPrincipal() principal: Principal,
    @Param("pixel_id") id: string,
    @Param("version") versionParam: string,
    @Headers("if-match") ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const current = await this.pixels.getOwned(accountId, id);
    if (!VERSION_NUMBER.test(versionParam))
      throw ApiError.validation([
        { field: "version", message: "must be a whole number from 1" },
      ]);
    const expectedVersion = expectedVersionFromIfMatch(ifMatch, id);
    const version = await this.versions.find(
      accountId,
      id,
      Number(versionParam),
    );
    if (!version)
      throw ApiError.notFound("This pixel has no version with this number.");
    // Through the ordinary update: the same validation, If-Match, name
    // uniqueness, and a new history version in the same transaction. A version
    // whose fields are the pixel's now (the current one, or an older one the
    // pixel has come back to) restores to nothing: an empty update, which
    // changes nothing, records nothing and still honours If-Match.
    const pixel = await this.pixels.update(
      accountId,
      id,
      restoreChanges(
        version.pixel,
        pixelSnapshot(current),
      ) as unknown as UpdateSavedPixelDto,
      expectedVersion,
      principal,
    );
    reply.header("ETag", etagOf(pixel));
    return ok(toSavedPixelResponse(pixel));
  }
}
