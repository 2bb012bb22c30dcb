import { ApiPropertyOptional } from "@nestjs/swagger";
import { IsIn, IsOptional } from "class-validator";
import { CODE_PLATFORMS, CodePlatform } from "../pixels/pixel-config";

export class CodeQuery {
  @ApiPropertyOptional({
    enum: CODE_PLATFORMS,
    description:
      "Defaults to the pixel's target_platform. `server` renders a curl command and a Node.js function for POST /events.",
  })
  @IsOptional()
  @IsIn(CODE_PLATFORMS)
  platform?: CodePlatform;
}
