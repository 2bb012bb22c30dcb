import { ApiProperty } from "@nestjs/swagger";
import { PIXEL_TYPES } from "../pixels/pixel-config";
import { NOT_COUNTED_REASONS } from "./collected-event";

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
    description: "Whether the event counts (contract §7).",
  })
  counted: boolean;

  @ApiProperty({
    enum: NOT_COUNTED_REASONS,
    nullable: true,
    example: null,
    description: "Why it does not count; null when it does.",
  })
  not_counted_reason: string | null;

  @ApiProperty({ example: "T-10045", nullable: true, type: String })
  transaction_id: string | null;

  @ApiProperty({ example: "k2JtZ3Vx9aQmP1cW", nullable: true, type: String })
  visitor_id: string | null;

  @ApiProperty({
    enum: ["browser", "image", "server"],
    example: "browser",
    description:
      "How it arrived: POST /collect, GET /collect.gif or POST /events.",
  })
  source: string;

  @ApiProperty({
    example: false,
    description:
      "A test event (sent with a test_event_code, contract §9): never counted, never in reports, never turns the pixel's status active.",
  })
  test: boolean;
}
