import { applyDecorators } from "@nestjs/common";
import { ApiProperty, PartialType } from "@nestjs/swagger";
import { Type } from "class-transformer";
import { IsDefined, IsObject, ValidateNested } from "class-validator";
import type { ConsentMode } from "../../pixels/conversion-rules";
import type { TargetPlatform } from "../../pixels/pixel-config";
import { ConversionRulesDto } from "./conversion-rules.dto";
import { PixelConfigDto } from "./pixel-config.dto";
import {
  ConsentModeField,
  DescriptionField,
  PixelNameField,
  TargetPlatformField,
} from "./pixel-fields";

/** The pixel's configuration (contract PixelConfig): required, an object. */
function PixelConfigField() {
  return applyDecorators(
    ApiProperty({ type: PixelConfigDto }),
    IsDefined(),
    IsObject(),
    ValidateNested(),
    Type(() => PixelConfigDto),
  );
}

export class CreateSavedPixelDto extends ConversionRulesDto {
  @PixelNameField()
  name: string;

  @DescriptionField()
  description?: string | null;

  @PixelConfigField()
  config: PixelConfigDto;

  @TargetPlatformField()
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

  @PixelConfigField()
  config: PixelConfigDto;

  @TargetPlatformField()
  target_platform?: TargetPlatform;

  @ConsentModeField()
  consent_mode?: ConsentMode;
}
