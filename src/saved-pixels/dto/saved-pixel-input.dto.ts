import { ApiProperty, ApiPropertyOptional, PartialType } from "@nestjs/swagger";
import { Transform, Type } from "class-transformer";
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from "class-validator";
import { TARGET_PLATFORMS, TargetPlatform } from "../../pixels/pixel-config";
import {
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
} from "../../pixels/pixel-rules";
import { ConversionRulesDto } from "./conversion-rules.dto";
import { PixelConfigDto } from "./pixel-config.dto";
import { IsDescription, IsPixelName } from "./text.validators";

const trim = ({ value }: { value: unknown }) =>
  typeof value === "string" ? value.trim() : value;

export class CreateSavedPixelDto extends ConversionRulesDto {
  @ApiProperty({
    description:
      "Trimmed; 1-100 characters; unique per account, ignoring case.",
    example: "Purchase conversion",
    minLength: 1,
    maxLength: NAME_MAX_LENGTH,
  })
  @Transform(trim)
  @IsPixelName()
  name: string;

  @ApiPropertyOptional({
    description: "At most 500 characters.",
    example: "Standard purchase tracking",
    maxLength: DESCRIPTION_MAX_LENGTH,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsDescription()
  description?: string | null;

  @ApiProperty({ type: PixelConfigDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PixelConfigDto)
  config: PixelConfigDto;

  @ApiPropertyOptional({ enum: TARGET_PLATFORMS, default: "javascript" })
  @IsOptional()
  @IsString()
  @IsIn(TARGET_PLATFORMS)
  target_platform?: TargetPlatform;
}

/**
 * Every field of create, each optional; a given `config` replaces the old one whole.
 * Absent fields are skipped, but a null one is still validated (`name: null` and
 * `config: null` are 400s); only `description` and `target_platform` may be null.
 */
export class UpdateSavedPixelDto extends PartialType(CreateSavedPixelDto, {
  skipNullProperties: false,
}) {}

/** An unsaved pixel to render: the builder UI's live preview. */
export class PreviewSavedPixelDto {
  @ApiPropertyOptional({
    example: "Purchase conversion",
    maxLength: NAME_MAX_LENGTH,
  })
  @IsOptional()
  @Transform(trim)
  @IsPixelName()
  name?: string;

  @ApiProperty({ type: PixelConfigDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PixelConfigDto)
  config: PixelConfigDto;

  @ApiPropertyOptional({ enum: TARGET_PLATFORMS, default: "javascript" })
  @IsOptional()
  @IsString()
  @IsIn(TARGET_PLATFORMS)
  target_platform?: TargetPlatform;
}
