import { ApiProperty } from "@nestjs/swagger";
import { CODE_PLATFORMS } from "../pixels/pixel-config";

export class ArtifactResponse {
  @ApiProperty({
    example: "base",
    description:
      "javascript: base, event; gtm: container, tag, data_layer; tealium: extension, data_layer, variables; server: curl, node",
  })
  id: string;

  @ApiProperty({ example: "Base code (every page)" })
  title: string;

  @ApiProperty({
    example: "html",
    description: "html, javascript, json, csv or bash",
  })
  language: string;

  @ApiProperty({ example: "spx-base.html" })
  filename: string;

  @ApiProperty({ description: "The code itself, already in Prettier form." })
  content: string;
}

export class InstallCodeResponse {
  @ApiProperty({
    example: "pix_a1b2c3d4e5f6",
    nullable: true,
    type: String,
    description: "null for a preview",
  })
  pixel_id: string | null;

  @ApiProperty({ enum: CODE_PLATFORMS, example: "javascript" })
  platform: string;

  @ApiProperty({ type: [ArtifactResponse] })
  artifacts: ArtifactResponse[];

  @ApiProperty({
    type: [String],
    example: ["Paste the base code before </head> on every page."],
  })
  instructions: string[];
}
