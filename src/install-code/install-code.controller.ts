import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
} from "@nestjs/common";
import {
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from "@nestjs/swagger";
import type { FastifyReply } from "fastify";
import { Authenticated } from "../auth/authenticated.decorator";
import { AccountId } from "../auth/request-context";
import {
  ApiEnvelope,
  ApiErrors,
  ACCOUNT_RESOURCE_ERRORS,
} from "../http/api-docs";
import { ifNoneMatchHits } from "../http/etag";
import { OBJECT_BODY } from "../http/object-body.pipe";
import { BODY_VALIDATION, QUERY_VALIDATION } from "../http/validation";
import { PreviewSavedPixelDto } from "../saved-pixels/dto/saved-pixel-input.dto";
import { toPixelConfig } from "../saved-pixels/dto/to-pixel-config";
import { CodePlatform } from "../pixels/pixel-config";
import { SavedPixelsService } from "../saved-pixels/saved-pixels.service";
import { CodeQuery } from "./code-query";
import { InstallCodeResponse } from "./install-code.response";
import { InstallCodeService } from "./install-code.service";
import { EXAMPLE_PREVIEW_INPUT } from "../pixels/examples";

const JSON_TYPE = "application/json; charset=utf-8";

@ApiTags("Install code")
@Controller("saved-pixels")
export class InstallCodeController {
  constructor(
    private readonly pixels: SavedPixelsService,
    private readonly installCode: InstallCodeService,
  ) {}

  @Get(":pixel_id/code")
  @Authenticated({ scope: "read" })
  @ApiOperation({
    operationId: "getInstallCode",
    summary: "Install code for a saved pixel",
    description:
      "Renders the pixel's install code for JavaScript, Google Tag Manager or Tealium iQ (default: the pixel's target_platform), or for a server (`platform=server`: curl and Node.js calls of POST /events), with numbered instructions. Answers 304 to a matching If-None-Match.",
  })
  @ApiParam({ name: "pixel_id", example: "pix_a1b2c3d4e5f6" })
  @ApiHeader({
    name: "If-None-Match",
    required: false,
    description: "An ETag from an earlier answer.",
  })
  @ApiEnvelope(200, InstallCodeResponse, {
    headers: { ETag: { description: "Identifies this code." } },
  })
  @ApiResponse({
    status: 304,
    description: "Not modified: If-None-Match names this code's ETag (or `*`).",
  })
  @ApiErrors(...ACCOUNT_RESOURCE_ERRORS)
  async code(
    @AccountId() accountId: string,
    @Param("pixel_id") id: string,
    @Query(QUERY_VALIDATION) query: CodeQuery,
    @Headers("if-none-match") ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const pixel = await this.pixels.get(accountId, id);
    const platform = query.platform ?? (pixel.targetPlatform as CodePlatform);
    const rendered = this.installCode.renderSaved(pixel, platform);
    reply
      .header("ETag", rendered.etag)
      .header("Cache-Control", "private, no-cache");
    if (ifNoneMatchHits(ifNoneMatch, rendered.etag)) {
      reply.status(304).send();
      return;
    }
    reply.status(200).header("Content-Type", JSON_TYPE).send(rendered.body);
  }

  @Post("preview")
  @HttpCode(200)
  @Authenticated({ scope: "read" })
  @ApiOperation({
    operationId: "previewInstallCode",
    summary: "Preview install code for an unsaved pixel",
    description:
      "For the builder UI: validates like create and renders without saving (read scope). `pixel_id` is null in the answer and in the code. The `platform` query parameter (e.g. `server`) overrides the body's target_platform. `consent_mode` (default off) renders the code as saving it with that mode would (contract §10).",
  })
  @ApiBody({
    type: PreviewSavedPixelDto,
    examples: {
      conversion: {
        value: EXAMPLE_PREVIEW_INPUT,
      },
    },
  })
  @ApiEnvelope(200, InstallCodeResponse)
  @ApiErrors(
    "VALIDATION_FAILED",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "PAYLOAD_TOO_LARGE",
    "UNSUPPORTED_MEDIA_TYPE",
    "RATE_LIMITED",
  )
  preview(
    @Body(OBJECT_BODY, BODY_VALIDATION) input: PreviewSavedPixelDto,
    @Query(QUERY_VALIDATION) query: CodeQuery,
    @Res() reply: FastifyReply,
  ): void {
    const body = this.installCode.renderPreview({
      name: input.name ?? "Unsaved pixel",
      config: toPixelConfig(input.config),
      platform: query.platform ?? input.target_platform ?? "javascript",
      consentMode: input.consent_mode ?? "off",
    });
    reply.status(200).header("Content-Type", JSON_TYPE).send(body);
  }
}
