import { ApiProperty } from "@nestjs/swagger";
import { IsString, Matches } from "class-validator";
import { ACCOUNT_ID } from "../../auth/principal";

/** `POST /saved-pixels/{id}/accounts`: the account to share the pixel with. */
export class SharePixelDto {
  @ApiProperty({
    example: "globex",
    pattern: ACCOUNT_ID.source,
    description: "Another account; not the pixel's own.",
  })
  @IsString()
  @Matches(ACCOUNT_ID, {
    message: 'must be 1-64 letters, digits, ".", "_" or "-"',
  })
  account_id: string;
}

/** One account a pixel is shared with. */
export class PixelShareResponse {
  @ApiProperty({ example: "globex" })
  account_id: string;

  @ApiProperty({ example: "2025-01-05T10:00:00Z", format: "date-time" })
  shared_at: string;

  @ApiProperty({
    oneOf: [{ type: "integer" }, { type: "string" }],
    example: 7,
    description: "The user (token `sub`) who shared it.",
  })
  shared_by: number | string;
}
