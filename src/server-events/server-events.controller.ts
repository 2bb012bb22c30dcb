import { Body, Controller, HttpCode, Post } from "@nestjs/common";
import { ApiBody, ApiOperation, ApiTags } from "@nestjs/swagger";
import { IngestKeyAuthenticated } from "../auth/authenticated.decorator";
import { ApiEnvelope, ApiErrors, BODY_ERRORS } from "../http/api-docs";
import { ok, SuccessEnvelope } from "../http/envelope";
import {
  CurrentIngestKey,
  IngestKeyGuard,
} from "../ingest-keys/ingest-key.guard";
import type { IngestKeyPrincipal } from "../ingest-keys/ingest-keys.service";
import { ServerEventsResponse } from "./server-events.response";
import {
  ServerEventsAnswer,
  ServerEventsService,
} from "./server-events.service";

/** Contract §9: events sent by the user's servers, authenticated by an ingest key. */
@ApiTags("Server events")
@Controller("events")
export class ServerEventsController {
  constructor(private readonly events: ServerEventsService) {}

  @Post()
  @HttpCode(200)
  @IngestKeyAuthenticated(IngestKeyGuard)
  @ApiOperation({
    operationId: "sendServerEvents",
    summary: "Send events from a server",
    description:
      'Authorization: Bearer spx_ik_… (an ingest key, not a user token). Body {"events": [payload, …]}: 1-100 payloads of the /collect shape, at most 256 KiB. Each payload is accepted or rejected on its own (by index, with its errors); only pixels of the key\'s account are accepted. 200 means the accepted events are stored. The same event_id for a pixel as an earlier event (browser or server) is stored once.',
  })
  @ApiBody({
    schema: {
      type: "object",
      required: ["events"],
      properties: {
        events: {
          type: "array",
          minItems: 1,
          maxItems: 100,
          items: { type: "object" },
        },
      },
    },
    examples: {
      purchase: {
        value: {
          events: [
            {
              pixel_id: "pix_a1b2c3d4e5f6",
              type: "conversion",
              conversion_type: "purchase",
              revenue: 49.99,
              currency: "EUR",
              event_id: "order-10045",
              properties: { sku: "A1" },
            },
          ],
        },
      },
    },
  })
  @ApiEnvelope(200, ServerEventsResponse)
  @ApiErrors(
    "VALIDATION_FAILED",
    "UNAUTHENTICATED",
    ...BODY_ERRORS,
    "RATE_LIMITED",
  )
  async send(
    @CurrentIngestKey() key: IngestKeyPrincipal,
    @Body() body: unknown,
  ): Promise<SuccessEnvelope<ServerEventsAnswer>> {
    return ok(await this.events.ingest(key, body));
  }
}
