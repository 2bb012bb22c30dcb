import { ApiProperty } from "@nestjs/swagger";
import { PIXEL_TYPES } from "../pixels/pixel-config";
import {
  NOT_COUNTED_REASONS,
  type EventSource,
  type NotCountedReason,
} from "./collected-event";
const EVENT_SOURCES: EventSource[] = ["browser", "image", "server"];

export class PixelEventAttributionResponse {
  @ApiProperty({ enum: ["click", "view"], example: "click" })
  touchpoint: "click" | "view";

  @ApiProperty({ example: "spring_sale", nullable: true, type: String })
  campaign: string | null;

  @ApiProperty({ example: "newsletter", nullable: true, type: String })
  source: string | null;

  @ApiProperty({ example: "email", nullable: true, type: String })
  medium: string | null;

  @ApiProperty({
    example: "2025-01-05T09:12:00.000Z",
    format: "date-time",
    description:
      "When the touch happened (arrival time minus the touchpoint's age_s).",
  })
  touched_at: string;
}

export class PixelEventResponse {
  @ApiProperty({ example: "2025-01-05T10:00:00.123Z", format: "date-time" })
  received_at: string;

  @ApiProperty({ example: "4f7c2a9e-5d0b-4e55-9a51-0c4d3f2b7e18" })
  event_id: string;

  @ApiProperty({ enum: PIXEL_TYPES, example: "conversion" })
  type: string;

  @ApiProperty({ example: "purchase", nullable: true, type: String })
  conversion_type: string | null;

  @ApiProperty({ example: 49.99, nullable: true, type: Number })
  revenue: number | null;

  @ApiProperty({ example: "EUR", nullable: true, type: String })
  currency: string | null;

  @ApiProperty({
    type: "object",
    additionalProperties: {
      oneOf: [
        { type: "string" },
        { type: "number" },
        { type: "boolean" },
        {
          type: "array",
          maxItems: 50,
          items: { oneOf: [{ type: "string" }, { type: "number" }] },
        },
      ],
    },
    example: { sku: "SKU-1", content_ids: ["SKU-1017", "SKU-2042"] },
  })
  properties: Record<string, string | number | boolean | (string | number)[]>;

  @ApiProperty({
    example: "https://shop.example/thank-you",
    nullable: true,
    type: String,
  })
  page_url: string | null;

  @ApiProperty({
    example: "https://shop.example/checkout",
    nullable: true,
    type: String,
  })
  referrer: string | null;

  @ApiProperty({
    example: "2025-01-05T10:00:00.050Z",
    nullable: true,
    type: String,
  })
  client_time: string | null;

  @ApiProperty({
    type: [String],
    example: [],
    description: "What was dropped or fixed on the way in.",
  })
  warnings: string[];

  @ApiProperty({
    example: true,
    description: "Whether the event counts as a conversion (§7).",
  })
  counted: boolean;

  @ApiProperty({
    enum: NOT_COUNTED_REASONS,
    nullable: true,
    example: null,
    description: "Why it does not count; null when it does.",
  })
  not_counted_reason: NotCountedReason | null;

  @ApiProperty({ example: "A-1001", nullable: true, type: String })
  transaction_id: string | null;

  @ApiProperty({ example: "v_0123456789abcdef", nullable: true, type: String })
  visitor_id: string | null;

  @ApiProperty({
    enum: EVENT_SOURCES,
    example: "browser",
    description:
      "How it arrived: browser (POST /collect), image (GET /collect.gif), server (POST /events).",
  })
  source: EventSource;

  @ApiProperty({
    type: PixelEventAttributionResponse,
    nullable: true,
    description:
      "Contract §8: the touchpoint credited with this conversion (click first, in its window, if the trigger type allows; else the view), or null. Pageviews are never attributed.",
  })
  attribution: PixelEventAttributionResponse | null;

  @ApiProperty({
    example: 49.99,
    nullable: true,
    type: Number,
    description:
      "Contract §8: the revenue when present, else the credited touchpoint's post_click_value / post_view_value, else null.",
  })
  value: number | null;

  @ApiProperty({
    example: false,
    description:
      "A test event (sent with a test_event_code, contract §9): never counted, never in reports, never turns the pixel's status active.",
  })
  test: boolean;
}
