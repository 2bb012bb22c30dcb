import { ApiPropertyOptional } from "@nestjs/swagger";
import { Transform } from "class-transformer";
import { IsBoolean, IsOptional } from "class-validator";

/** `GET /saved-pixels/{id}/events` filters (contract §9). */
export class PixelEventsQuery {
  @ApiPropertyOptional({
    type: "boolean",
    description:
      "true: only test events (sent with a test_event_code); false: only real ones. Absent: both.",
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === "true" ? true : value === "false" ? false : value,
  )
  @IsBoolean({ message: 'must be "true" or "false"' })
  test?: boolean;
}
