import { ApiProperty, ApiPropertyOptional, PickType } from "@nestjs/swagger";
import {
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_CONFIG,
  EXAMPLE_DESCRIPTION,
  EXAMPLE_NAME,
  EXAMPLE_PIXEL_ID,
  EXAMPLE_TIMESTAMP,
} from "../../pixels/examples";
import { PIXEL_TYPES, TARGET_PLATFORMS } from "../../pixels/pixel-config";
import { PixelConfigDto } from "./pixel-config.dto";
import { ConversionRulesResponse } from "./conversion-rules.dto";
import {
  EVENT_CATEGORIES,
  PIGGYBACK_PIXEL_TYPES,
  TRIGGER_TYPES,
} from "../../pixels/conversion-rules";

import {
  PIXEL_STATUSES,
  PIXEL_STATUS_DESCRIPTION as STATUS_DESCRIPTION,
  PixelStatus,
} from "../../pixels/pixel-status";
import { PIXEL_ID_SOURCE } from "../../pixels/pixel-id";

/** The full object (seed: Get Saved Pixel), plus its collection status. */
export class SavedPixelResponse extends ConversionRulesResponse {
  @ApiProperty({ example: EXAMPLE_PIXEL_ID, pattern: PIXEL_ID_SOURCE })
  id: string;

  @ApiProperty({ example: EXAMPLE_ACCOUNT_ID })
  account_id: string;

  @ApiProperty({ example: EXAMPLE_NAME })
  name: string;

  @ApiProperty({
    example: EXAMPLE_DESCRIPTION,
    nullable: true,
    type: String,
  })
  description: string | null;

  @ApiProperty({
    type: PixelConfigDto,
    example: EXAMPLE_CONFIG,
  })
  config: PixelConfigDto;

  @ApiProperty({ enum: TARGET_PLATFORMS, example: "javascript" })
  target_platform: string;

  @ApiProperty({
    oneOf: [{ type: "integer" }, { type: "string" }],
    example: 7,
    description: "The token's `sub`: a number where it is numeric.",
  })
  created_by: number | string;

  @ApiProperty({ example: EXAMPLE_TIMESTAMP, format: "date-time" })
  created_at: string;

  @ApiProperty({ example: EXAMPLE_TIMESTAMP, format: "date-time" })
  updated_at: string;

  @ApiProperty({
    enum: PIXEL_STATUSES,
    example: "unverified",
    description: STATUS_DESCRIPTION,
  })
  status: PixelStatus;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    format: "date-time",
  })
  last_event_at: string | null;
}

/**
 * A list item (seed: List Saved Pixels), plus its collection status: the full
 * object's fields without its config and rules, and the config's type.
 */
export class SavedPixelSummaryResponse extends PickType(SavedPixelResponse, [
  "id",
  "name",
  "description",
  "target_platform",
  "created_at",
  "updated_at",
  "status",
  "last_event_at",
  "state",
] as const) {
  @ApiProperty({ enum: PIXEL_TYPES, example: "conversion" })
  pixel_type: string;

  @ApiProperty({ example: "purchase", nullable: true, type: String })
  conversion_type: string | null;

  @ApiProperty({
    example: EXAMPLE_ACCOUNT_ID,
    description: "The account that owns the pixel (§11).",
  })
  owner_account_id: string;

  @ApiProperty({
    example: false,
    description:
      "true when another account owns the pixel and shared it with this one (read only here).",
  })
  shared: boolean;
}

export class ListMeta {
  @ApiProperty({ example: 1 })
  total: number;

  @ApiProperty({ example: 50 })
  limit: number;

  @ApiProperty({ example: 0 })
  offset: number;
}

class OptionItem {
  @ApiProperty({ example: "purchase" })
  value: string;

  @ApiProperty({ example: "Purchase" })
  label: string;
}

class EventCategoryOption extends OptionItem {
  @ApiProperty({ example: 7, description: "Xandr pixel_conversion_event_id." })
  xandr_id: number;
}

export class PixelOptionsResponse {
  @ApiProperty({ type: [OptionItem] })
  conversion_types: OptionItem[];

  @ApiProperty({ type: [OptionItem] })
  properties: OptionItem[];

  @ApiPropertyOptional({ type: [OptionItem] })
  pixel_types: OptionItem[];

  @ApiPropertyOptional({ type: [OptionItem] })
  target_platforms: OptionItem[];

  @ApiPropertyOptional({ type: [OptionItem] })
  value_sources: OptionItem[];

  @ApiPropertyOptional({
    type: [EventCategoryOption],
    example: EVENT_CATEGORIES.slice(0, 1),
  })
  event_categories: EventCategoryOption[];

  @ApiPropertyOptional({ type: [OptionItem], example: TRIGGER_TYPES })
  trigger_types: OptionItem[];

  @ApiPropertyOptional({ type: [OptionItem], example: PIGGYBACK_PIXEL_TYPES })
  piggyback_pixel_types: OptionItem[];
}
