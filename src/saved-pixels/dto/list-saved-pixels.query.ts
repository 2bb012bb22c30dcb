import { ApiPropertyOptional } from "@nestjs/swagger";
import { Transform } from "class-transformer";
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from "class-validator";
import { NAME_MAX_LENGTH } from "../../pixels/pixel-rules";
import { PIXEL_TYPES, PixelType } from "../../pixels/pixel-config";
import { PIXEL_STATUSES, PixelStatus } from "../../pixels/pixel-status";
import { PIXEL_STATES, PixelState } from "../../pixels/conversion-rules";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** A query value as a whole number, or NaN so that @IsInt names the field. */
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === "string" && /^-?[0-9]{1,15}$/.test(value)
    ? Number(value)
    : Number.NaN;

export class ListSavedPixelsQuery {
  @ApiPropertyOptional({
    enum: PIXEL_TYPES,
    description: "Filter by pageview, conversion, or microconversion",
  })
  @IsOptional()
  @IsIn(PIXEL_TYPES)
  pixel_type?: PixelType;

  @ApiPropertyOptional({
    enum: PIXEL_STATUSES,
    description: "Filter by collection status: unverified, active or inactive",
  })
  @IsOptional()
  @IsIn(PIXEL_STATUSES)
  status?: PixelStatus;

  @ApiPropertyOptional({
    enum: PIXEL_STATES,
    description:
      "Filter by the user's on/off switch (state): active or inactive",
  })
  @IsOptional()
  @IsIn(PIXEL_STATES)
  state?: PixelState;

  @ApiPropertyOptional({
    type: "boolean",
    description:
      "true: only pixels other accounts shared with this one; false: only its own",
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === "true" ? true : value === "false" ? false : value,
  )
  @IsBoolean({ message: 'must be "true" or "false"' })
  shared?: boolean;

  @ApiPropertyOptional({
    maxLength: NAME_MAX_LENGTH,
    description:
      "Only pixels whose name contains this text, ignoring case (the builder's search box)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX_LENGTH)
  search?: string;

  @ApiPropertyOptional({
    type: "integer",
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
  })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: "must be a whole number" })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ type: "integer", minimum: 0, default: 0 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: "must be a whole number" })
  @Min(0)
  @Max(1_000_000_000)
  offset?: number;
}
