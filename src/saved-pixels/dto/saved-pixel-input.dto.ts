import { ApiProperty, ApiPropertyOptional, PartialType } from "@nestjs/swagger";
import { Type } from "class-transformer";
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from "class-validator";
import { TARGET_PLATFORMS, TargetPlatform } from "../../pixels/pixel-config";
import { ConversionRulesDto } from "./conversion-rules.dto";
import { PixelConfigDto } from "./pixel-config.dto";
import { DescriptionField, PixelNameField } from "./pixel-fields";

export class CreateSavedPixelDto extends ConversionRulesDto {
  @PixelNameField()
  name: string;

  @DescriptionField()
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
  @PixelNameField({ optional: true })
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
