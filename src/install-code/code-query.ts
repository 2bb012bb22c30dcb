import { ApiPropertyOptional } from "@nestjs/swagger";
import { IsIn, IsOptional } from "class-validator";
import { TARGET_PLATFORMS, TargetPlatform } from "../pixels/pixel-config";

export class CodeQuery {
  @ApiPropertyOptional({
    enum: TARGET_PLATFORMS,
    description: "Defaults to the pixel's target_platform.",
  })
  @IsOptional()
  @IsIn(TARGET_PLATFORMS)
  platform?: TargetPlatform;
}
