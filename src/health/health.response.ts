import { ApiProperty } from "@nestjs/swagger";

/** `GET /health`'s answer when the database answers a query. */
export class HealthResponse {
  @ApiProperty({ enum: ["ok"], example: "ok" })
  status: "ok";

  @ApiProperty({ enum: ["sqlite", "postgres"], example: "sqlite" })
  database: "sqlite" | "postgres";
}
