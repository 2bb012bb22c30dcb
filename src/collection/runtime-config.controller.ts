import { Controller, Get, Headers, Inject, Param, Res } from "@nestjs/common";
import {
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from "@nestjs/swagger";
import type { FastifyReply } from "fastify";
import { createHash } from "node:crypto";
import { Public } from "../auth/authenticated.decorator";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { runtimeConfigJson, runtimeConfigOf } from "../pixels/runtime-config";
import { EventCollector } from "./event-collector";

/** Pixel ids as the service issues them; anything else is answered without a lookup. */
const PIXEL_ID = /^pix_[a-z0-9]{6,28}$/;

/**
 * `GET /pixels/{pixel_id}/config.json` (contract §7): the pixel's `state` and
 * `piggyback_pixels`, public and cacheable, for the tracker to fetch once per
 * page. An unknown pixel gets exactly what an inactive one gets, so the answer
 * reveals nothing about which pixels exist.
 */
@ApiTags("Tracker and collection")
@Controller("pixels")
export class RuntimeConfigController {
  private readonly cacheControl: string;

  constructor(
    private readonly collector: EventCollector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cacheControl =
      config.pixelConfigTtlS > 0
        ? `public, max-age=${config.pixelConfigTtlS}`
        : "no-store";
  }

  @Get(":pixel_id/config.json")
  @Public()
  @ApiOperation({
    operationId: "getPixelRuntimeConfig",
    summary: "A pixel's runtime config",
    description:
      'Public (pages call it; CORS open). Only `state` and `piggyback_pixels`; an inactive or unknown pixel answers {"state":"inactive","piggyback_pixels":[]}. Cache-Control max-age=PIXEL_CONFIG_TTL_S (no-store when 0), with an ETag.',
  })
  @ApiParam({ name: "pixel_id", example: "pix_a1b2c3d4e5f6" })
  @ApiProduces("application/json")
  @ApiResponse({
    status: 200,
    description: "The runtime config.",
    schema: {
      example: {
        state: "active",
        piggyback_pixels: [
          {
            pixel_type: "img",
            url: "https://ads.example/conv?order={transaction_id}",
          },
        ],
      },
    },
  })
  @ApiResponse({
    status: 304,
    description: "Not modified (If-None-Match matched).",
  })
  async runtimeConfig(
    @Param("pixel_id") id: string,
    @Headers("if-none-match") ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const pixel = PIXEL_ID.test(id) ? await this.collector.pixel(id) : null;
    const body = runtimeConfigJson(runtimeConfigOf(pixel));
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
    reply
      .header("ETag", etag)
      .header("Cache-Control", this.cacheControl)
      .header("Cross-Origin-Resource-Policy", "cross-origin")
      .header("Access-Control-Allow-Origin", "*");
    if (
      ifNoneMatch !== undefined &&
      ifNoneMatch.split(",").some((tag) => tag.trim() === etag)
    ) {
      reply.status(304).send();
      return;
    }
    reply
      .status(200)
      .header("Content-Type", "application/json; charset=utf-8")
      .send(body);
  }
}
