import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
} from "@nestjs/common";
import {
  ApiBody,
  ApiHeader,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from "@nestjs/swagger";
import type { FastifyReply } from "fastify";
import { Authenticated } from "../auth/authenticated.decorator";
import { Principal } from "../auth/principal";
import { AccountId, CurrentPrincipal } from "../auth/request-context";
import {
  ApiEnvelope,
  ApiErrors,
  ACCOUNT_ERRORS,
  ACCOUNT_RESOURCE_ERRORS,
  BODY_ERRORS,
} from "../http/api-docs";
import { ok } from "../http/envelope";
import { OBJECT_BODY } from "../http/object-body.pipe";
import { BODY_VALIDATION, QUERY_VALIDATION } from "../http/validation";
import {
  DEFAULT_PAGE_SIZE,
  ListSavedPixelsQuery,
} from "./dto/list-saved-pixels.query";
import {
  CreateSavedPixelDto,
  UpdateSavedPixelDto,
} from "./dto/saved-pixel-input.dto";
import {
  ListMeta,
  PixelOptionsResponse,
  SavedPixelResponse,
  SavedPixelSummaryResponse,
} from "./dto/saved-pixel.response";
import { expectedVersionFromIfMatch } from "./if-match";
import { PIXEL_OPTIONS } from "../pixels/pixel-options";
import {
  etagOf,
  toSavedPixelResponse,
  toSummaryResponse,
} from "./saved-pixel.view";
import { SavedPixelsService } from "./saved-pixels.service";
import { SavedPixelEntity } from "./saved-pixel.entity";
import { EXAMPLE_CREATE_INPUT, EXAMPLE_PIXEL_ID } from "../pixels/examples";

const ETAG_HEADER = {
  ETag: { description: "The version of the pixel, for If-Match." },
};
const PIXEL_ID_PARAM = {
  name: "pixel_id",
  description: "Saved pixel ID",
  example: EXAMPLE_PIXEL_ID,
};

const CREATE_EXAMPLE = EXAMPLE_CREATE_INPUT;

@ApiTags("Saved pixels")
@Controller("saved-pixels")
export class SavedPixelsController {
  constructor(private readonly service: SavedPixelsService) {}

  @Get()
  @Authenticated({ scope: "read" })
  @ApiOperation({
    operationId: "listSavedPixels",
    summary: "List Saved Pixels",
    description:
      "Newest first: the account's own pixels and those other accounts shared with it (`shared: true`).",
  })
  @ApiEnvelope(200, SavedPixelSummaryResponse, {
    isArray: true,
    meta: ListMeta,
  })
  @ApiErrors(...ACCOUNT_ERRORS)
  async list(
    @AccountId() accountId: string,
    @Query(QUERY_VALIDATION) query: ListSavedPixelsQuery,
  ) {
    const { rows, total } = await this.service.list(accountId, query);
    const now = Date.now();
    return ok(
      rows.map((row) => toSummaryResponse(row, accountId, now)),
      {
        total,
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
        offset: query.offset ?? 0,
      },
    );
  }

  @Get("options")
  @Authenticated({ account: false })
  @ApiOperation({
    operationId: "getSavedPixelOptions",
    summary: "Builder Options",
    description:
      "Static options used by the pixel builder UI (no account_id required).",
  })
  @ApiEnvelope(200, PixelOptionsResponse)
  @ApiErrors("UNAUTHENTICATED", "RATE_LIMITED")
  options() {
    return ok(PIXEL_OPTIONS);
  }

  @Get(":pixel_id")
  @Authenticated({ scope: "read" })
  @ApiOperation({ operationId: "getSavedPixel", summary: "Get Saved Pixel" })
  @ApiParam(PIXEL_ID_PARAM)
  @ApiEnvelope(200, SavedPixelResponse, { headers: ETAG_HEADER })
  @ApiErrors(...ACCOUNT_RESOURCE_ERRORS)
  async get(
    @AccountId() accountId: string,
    @Param("pixel_id") id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.respond(reply, await this.service.get(accountId, id));
  }

  @Post()
  @Authenticated({ scope: "write" })
  @ApiOperation({
    operationId: "createSavedPixel",
    summary: "Create Saved Pixel",
    description:
      "Required scope: write (editor or higher). Returns 409 if the name already exists for the account.",
  })
  @ApiBody({
    type: CreateSavedPixelDto,
    examples: { purchase: { value: CREATE_EXAMPLE } },
  })
  @ApiEnvelope(201, SavedPixelResponse, {
    description: "Created",
    headers: ETAG_HEADER,
  })
  @ApiErrors(...ACCOUNT_ERRORS, "NAME_CONFLICT", ...BODY_ERRORS)
  async create(
    @AccountId() accountId: string,
    @CurrentPrincipal() principal: Principal,
    @Body(OBJECT_BODY, BODY_VALIDATION) input: CreateSavedPixelDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const pixel = await this.service.create(accountId, principal, input);
    reply
      .status(201)
      .header(
        "Location",
        `/saved-pixels/${pixel.id}?account_id=${encodeURIComponent(accountId)}`,
      );
    return this.respond(reply, pixel);
  }

  @Put(":pixel_id")
  @Authenticated({ scope: "write" })
  @ApiOperation({
    operationId: "updateSavedPixel",
    summary: "Update Saved Pixel",
    description:
      "Required scope: write. All fields from create are optional; a given `config` replaces the old one. Returns 409 if renaming would collide with an existing pixel.",
  })
  @ApiParam(PIXEL_ID_PARAM)
  @ApiHeader({
    name: "If-Match",
    required: false,
    description: "The ETag you read; 412 if the pixel has changed since.",
  })
  @ApiBody({
    type: UpdateSavedPixelDto,
    examples: { rename: { value: { name: "Checkout purchase" } } },
  })
  @ApiEnvelope(200, SavedPixelResponse, { headers: ETAG_HEADER })
  @ApiErrors(
    ...ACCOUNT_RESOURCE_ERRORS,
    "NAME_CONFLICT",
    "PRECONDITION_FAILED",
    ...BODY_ERRORS,
  )
  async update(
    @AccountId() accountId: string,
    @CurrentPrincipal() principal: Principal,
    @Param("pixel_id") id: string,
    @Headers("if-match") ifMatch: string | undefined,
    @Body(OBJECT_BODY, BODY_VALIDATION) input: UpdateSavedPixelDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const pixel = await this.service.update(
      accountId,
      id,
      input,
      expectedVersionFromIfMatch(ifMatch, id),
      principal,
    );
    return this.respond(reply, pixel);
  }

  @Delete(":pixel_id")
  @HttpCode(204)
  @Authenticated({ scope: "write" })
  @ApiOperation({
    operationId: "deleteSavedPixel",
    summary: "Delete Saved Pixel",
    description: "Required scope: write. Returns 204 No Content.",
  })
  @ApiParam(PIXEL_ID_PARAM)
  @ApiHeader({
    name: "If-Match",
    required: false,
    description: "Delete only if the pixel still has this ETag.",
  })
  @ApiNoContentResponse({ description: "Deleted" })
  @ApiErrors(...ACCOUNT_RESOURCE_ERRORS, "PRECONDITION_FAILED", ...BODY_ERRORS)
  async delete(
    @AccountId() accountId: string,
    @Param("pixel_id") id: string,
    @Headers("if-match") ifMatch: string | undefined,
  ): Promise<void> {
    await this.service.delete(
      accountId,
      id,
      expectedVersionFromIfMatch(ifMatch, id),
    );
  }

  private respond(reply: FastifyReply, pixel: SavedPixelEntity) {
    reply.header("ETag", etagOf(pixel));
    return ok(toSavedPixelResponse(pixel));
  }
}
