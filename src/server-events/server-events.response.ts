import { ApiProperty } from "@nestjs/swagger";

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
