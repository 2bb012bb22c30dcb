import { ApiProperty } from "@nestjs/swagger";

const AMOUNTS = {
  type: "object",
  additionalProperties: { type: "number" },
  example: { EUR: 149.97, USD: 20 },
} as const;

export class ReportMeasuresResponse {
  @ApiProperty({ example: 120, description: "Every received non-test event." })
  events: number;

  @ApiProperty({ example: 3, description: "The counted events." })
  conversions: number;

  @ApiProperty({ example: 2 })
  post_click_conversions: number;

  @ApiProperty({ example: 1 })
  post_view_conversions: number;

  @ApiProperty({
    ...AMOUNTS,
    description:
      "Revenue of counted events per ISO 4217 currency (XXX: events without one).",
  })
  revenue: Record<string, number>;

  @ApiProperty({
    ...AMOUNTS,
    description:
      "Value (revenue, else post_click_value / post_view_value) of counted events per currency.",
  })
  value: Record<string, number>;
}

export class ReportRowResponse extends ReportMeasuresResponse {
  @ApiProperty({
    example: "2026-03-29",
    nullable: true,
    type: String,
    description:
      "The local date for day, the pixel id for pixel, else the value itself; null for none (no campaign, not attributed, …).",
  })
  key: string | null;
}

export class ReportResponse {
  @ApiProperty({ example: "2026-03-01" })
  from: string;

  @ApiProperty({ example: "2026-03-30" })
  to: string;

  @ApiProperty({ example: "Europe/Berlin" })
  tz: string;

  @ApiProperty({
    enum: [
      "day",
      "campaign",
      "source",
      "touchpoint",
      "conversion_type",
      "pixel",
    ],
    example: "day",
  })
  group_by: string;

  @ApiProperty({ type: [ReportRowResponse] })
  rows: ReportRowResponse[];

  @ApiProperty({ type: ReportMeasuresResponse })
  totals: ReportMeasuresResponse;
}
