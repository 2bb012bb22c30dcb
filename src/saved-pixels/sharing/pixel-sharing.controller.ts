import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
} from "@nestjs/common";
import {
  ApiBody,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from "@nestjs/swagger";
import type { FastifyReply } from "fastify";
import { Authenticated } from "../../auth/authenticated.decorator";
import { isAccountId, Principal } from "../../auth/principal";
import { AccountId, CurrentPrincipal } from "../../auth/request-context";
import { ApiError } from "../../http/api-error";
import { ApiEnvelope, ApiErrors, BODY_ERRORS } from "../../http/api-docs";
import { ok } from "../../http/envelope";
import { OBJECT_BODY } from "../../http/object-body.pipe";
import { BODY_VALIDATION } from "../../http/validation";
import { createdBy, isoSeconds } from "../saved-pixel.view";
import { SavedPixelsService } from "../saved-pixels.service";
import { PIXEL_ID_PARAM, PIXEL_ROUTE_ERRORS } from "../pixel-route-docs";
import { PixelShareResponse, SharePixelDto } from "./pixel-share.dto";
import { PixelShare, PixelSharesRepository } from "./pixel-shares.repository";

const OWNER_ONLY =
  "Only the owner's account: an account the pixel is shared with gets 403, any other 404.";

function toResponse(share: PixelShare): PixelShareResponse {
  return {
    account_id: share.accountId,
    shared_at: isoSeconds(share.sharedAt),
    shared_by: createdBy(share.sharedBy),
  };
}

/**
 * Sharing a pixel with other accounts (contract §11). The owner's account
 * lists, adds and removes them; a shared account may read the pixel but
 * never change or re-share it.
 */
@ApiTags("Sharing and history")
@Controller("saved-pixels")
export class PixelSharingController {
  constructor(
    private readonly pixels: SavedPixelsService,
    private readonly shares: PixelSharesRepository,
  ) {}

  @Get(":pixel_id/accounts")
  @Authenticated({ scope: "read" })
  @ApiOperation({
    operationId: "listPixelShares",
    summary: "Accounts the pixel is shared with",
    description: OWNER_ONLY,
  })
  @ApiParam(PIXEL_ID_PARAM)
  @ApiEnvelope(200, PixelShareResponse, { isArray: true })
  @ApiErrors(...PIXEL_ROUTE_ERRORS)
  async list(@AccountId() accountId: string, @Param("pixel_id") id: string) {
    await this.pixels.getOwned(accountId, id);
    return ok((await this.shares.list(accountId, id)).map(toResponse));
  }

  @Post(":pixel_id/accounts")
  @Authenticated({ scope: "write" })
  @ApiOperation({
    operationId: "sharePixel",
    summary: "Share the pixel with another account",
    description: `201 with the new entry; 200 with the existing one when it was already shared; 400 for the pixel's own account. ${OWNER_ONLY}`,
  })
  @ApiParam(PIXEL_ID_PARAM)
  @ApiBody({
    type: SharePixelDto,
    examples: { globex: { value: { account_id: "globex" } } },
  })
  @ApiEnvelope(201, PixelShareResponse, { description: "Shared" })
  @ApiEnvelope(200, PixelShareResponse, { description: "Already shared" })
  @ApiErrors(...PIXEL_ROUTE_ERRORS, ...BODY_ERRORS)
  async share(
    @AccountId() accountId: string,
    @CurrentPrincipal() principal: Principal,
    @Param("pixel_id") id: string,
    @Body(OBJECT_BODY, BODY_VALIDATION) input: SharePixelDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.pixels.getOwned(accountId, id);
    if (input.account_id === accountId)
      throw ApiError.validation([
        {
          field: "account_id",
          message: "is the pixel's own account; share it with another one",
        },
      ]);
    const outcome = await this.shares.share(accountId, id, {
      accountId: input.account_id,
      sharedAt: new Date().toISOString(),
      sharedBy: String(principal.userId),
    });
    // Deleted between the two statements: as if it had never been there.
    if (!outcome)
      throw ApiError.notFound("No saved pixel with this id in this account.");
    reply.status(outcome.created ? 201 : 200);
    return ok(toResponse(outcome.share));
  }

  @Delete(":pixel_id/accounts/:shared_account_id")
  @HttpCode(204)
  @Authenticated({ scope: "write" })
  @ApiOperation({
    operationId: "unsharePixel",
    summary: "Stop sharing the pixel with an account",
    description: `204; 404 when the pixel is not shared with that account. ${OWNER_ONLY}`,
  })
  @ApiParam(PIXEL_ID_PARAM)
  @ApiParam({ name: "shared_account_id", example: "globex" })
  @ApiNoContentResponse({ description: "No longer shared" })
  @ApiErrors(...PIXEL_ROUTE_ERRORS, ...BODY_ERRORS)
  async unshare(
    @AccountId() accountId: string,
    @Param("pixel_id") id: string,
    @Param("shared_account_id") sharedAccountId: string,
  ): Promise<void> {
    await this.pixels.getOwned(accountId, id);
    if (!isAccountId(sharedAccountId))
      throw ApiError.validation([
        {
          field: "shared_account_id",
          message: 'must be 1-64 letters, digits, ".", "_" or "-"',
        },
      ]);
    if (!(await this.shares.unshare(accountId, id, sharedAccountId)))
      throw ApiError.notFound("This pixel is not shared with that account.");
  }
}
