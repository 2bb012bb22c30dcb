import { Controller, Get, Param, Query } from "@nestjs/common";
import { ApiOperation, ApiParam, ApiTags } from "@nestjs/swagger";
import { Authenticated } from "../auth/authenticated.decorator";
import { AccountId } from "../auth/request-context";
import {
  ApiEnvelope,
  ApiErrors,
  ACCOUNT_RESOURCE_ERRORS,
} from "../http/api-docs";
import { ok } from "../http/envelope";
import { QUERY_VALIDATION } from "../http/validation";
import { SavedPixelsService } from "../saved-pixels/saved-pixels.service";
import { EventCollector } from "./event-collector";
import { PixelEventResponse } from "./pixel-event.response";
import { PixelEventsQuery } from "./pixel-events.query";
import { PixelEventsRepository } from "./pixel-events.repository";

const RECENT_EVENTS = 100;

@ApiTags("Tracker and collection")
@Controller("saved-pixels")
export class PixelEventsController {
  constructor(
    private readonly pixels: SavedPixelsService,
    private readonly events: PixelEventsRepository,
    private readonly collector: EventCollector,
  ) {}

  @Get(":pixel_id/events")
  @Authenticated({ scope: "read" })
  @ApiOperation({
    operationId: "listPixelEvents",
    summary: "Recent events of a saved pixel",
    description:
      'The most recent events received for the pixel, newest first, at most 100 (like a "Test events" view). `test=true` lists only test events (sent with a test_event_code), `test=false` only real ones.',
  })
  @ApiParam({ name: "pixel_id", example: "pix_a1b2c3d4e5f6" })
  @ApiEnvelope(200, PixelEventResponse, { isArray: true })
  @ApiErrors(...ACCOUNT_RESOURCE_ERRORS)
  async list(
    @AccountId() accountId: string,
    @Param("pixel_id") id: string,
    @Query(QUERY_VALIDATION) query: PixelEventsQuery,
  ) {
    const pixel = await this.pixels.get(accountId, id);
    // Events wait up to a few milliseconds in the collector's buffer: write them
    // first, so what a user just sent is what they see.
    await this.collector.flush();
    return ok(
      await this.events.recent(pixel.id, RECENT_EVENTS, { test: query.test }),
    );
  }
}
