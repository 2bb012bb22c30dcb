import { ApiProperty, PickType } from "@nestjs/swagger";
import { ListSavedPixelsQuery } from "../dto/list-saved-pixels.query";
import { SavedPixelResponse } from "../dto/saved-pixel.response";

/** `limit` (1–200, default 50) and `offset`, as the pixel list takes them. */
export class ListVersionsQuery extends PickType(ListSavedPixelsQuery, [
  "limit",
  "offset",
] as const) {}

/** One version of a pixel's history. */
export class PixelVersionResponse {
  @ApiProperty({
    example: 2,
    description: "The number the pixel's ETag carried at this version.",
  })
  version: number;

  @ApiProperty({
    oneOf: [{ type: "integer" }, { type: "string" }],
    example: 7,
    description: "The user (token `sub`) who made the change.",
  })
  changed_by: number | string;

  @ApiProperty({ example: "2025-01-05T10:00:00Z", format: "date-time" })
  changed_at: string;

  @ApiProperty({
    type: [String],
    example: ["name", "config.revenue"],
    description:
      "Dotted paths of the fields this version changed; on the first version, every field that was set.",
  })
  changes: string[];

  @ApiProperty({
    type: SavedPixelResponse,
    description:
      "The full pixel as it was at this version (without `status` and `last_event_at`, which come from events).",
  })
  pixel: Record<string, unknown>;
}
