import { ApiProperty } from "@nestjs/swagger";
import { Transform } from "class-transformer";
import { NAME_MAX_LENGTH } from "../../pixels/pixel-rules";
import { IsPixelName } from "../../saved-pixels/dto/text.validators";

const trim = ({ value }: { value: unknown }) =>
  typeof value === "string" ? value.trim() : value;

export class CreateIngestKeyDto {
  @ApiProperty({
    description:
      "What the key is for (e.g. the server that holds it). Trimmed; 1-100 characters.",
    example: "Checkout backend",
    minLength: 1,
    maxLength: NAME_MAX_LENGTH,
  })
  @Transform(trim)
  @IsPixelName()
  name: string;
}

export class IngestKeyResponse {
  @ApiProperty({ example: "ik_a1b2c3d4e5f6g7h8" })
  id: string;

  @ApiProperty({ example: "Checkout backend" })
  name: string;

  @ApiProperty({ example: "2026-01-01T12:00:00.000Z" })
  created_at: string;

  @ApiProperty({
    example: "2026-01-02T08:30:00.000Z",
    nullable: true,
    type: String,
    description:
      "When a request last used the key (updated at most once a minute); null when never.",
  })
  last_used_at: string | null;
}

export class CreatedIngestKeyResponse {
  @ApiProperty({ example: "ik_a1b2c3d4e5f6g7h8" })
  id: string;

  @ApiProperty({ example: "Checkout backend" })
  name: string;

  @ApiProperty({
    example: "spx_ik_3q2-7wEXAMPLEONLYxJ5bWc9yJHk0a1b2c3d4e5f6g7h",
    description:
      "The key itself, shown only in this answer: it is stored as a hash and cannot be shown again.",
  })
  key: string;

  @ApiProperty({ example: "2026-01-01T12:00:00.000Z" })
  created_at: string;
}
