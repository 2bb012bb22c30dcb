import { ApiProperty, ApiPropertyOptional } from "@nestjs/swagger";
import { SERVER_NOT_COUNTED_REASONS } from "./server-events.service";

export class ServerEventErrorResponse {
  @ApiProperty({ example: "events.3.revenue" })
  field: string;

  @ApiProperty({ example: "must be a non-negative number" })
  message: string;
}

export class ServerEventResultResponse {
  @ApiProperty({ example: 0, description: "The payload's index in `events`." })
  index: number;

  @ApiProperty({ enum: ["accepted", "rejected"], example: "accepted" })
  status: string;

  @ApiProperty({
    type: [ServerEventErrorResponse],
    description: "Empty when accepted.",
  })
  errors: ServerEventErrorResponse[];

  @ApiPropertyOptional({
    example: true,
    description:
      "Accepted payloads only: whether this payload counts as a conversion (contract §7).",
  })
  counted?: boolean;

  @ApiPropertyOptional({
    enum: [...SERVER_NOT_COUNTED_REASONS],
    nullable: true,
    example: null,
    description:
      "Accepted payloads only: why it does not count. `duplicate_event`: the pixel already had an event with this event_id (sent by the browser, an earlier call or an earlier index), which is kept and counts once; `test_event`: it carried a test_event_code; `duplicate_transaction`, `repeat_conversion`, `pixel_inactive` as on stored events.",
  })
  not_counted_reason?: string | null;
}

export class ServerEventsResponse {
  @ApiProperty({
    example: 1,
    description:
      "How many payloads were accepted: all of them are stored before this answer.",
  })
  accepted: number;

  @ApiProperty({ type: [ServerEventResultResponse] })
  results: ServerEventResultResponse[];
}
