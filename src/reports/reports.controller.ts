import { applyDecorators, Controller, Get, Param, Query } from "@nestjs/common";
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from "@nestjs/swagger";
import { Authenticated } from "../auth/authenticated.decorator";
import { AccountId } from "../auth/request-context";
import { EventCollector } from "../collection/event-collector";
import { repeatedQueryParameters } from "../http/validation";
import { ApiError } from "../http/api-error";
import { ApiEnvelope, ApiErrors } from "../http/api-docs";
import { ok } from "../http/envelope";
import { SavedPixelsService } from "../saved-pixels/saved-pixels.service";
import { buildReport } from "./report-builder";
import {
  ACCOUNT_REPORT_GROUPS,
  MAX_REPORT_DAYS,
  parseReportRange,
  PIXEL_REPORT_GROUPS,
  ReportGroup,
  ReportRange,
} from "./report-range";
import { ReportResponse } from "./report.response";
import {
  accountPixels,
  onePixel,
  PixelScope,
  RollupSum,
  ReportsRepository,
} from "./reports.repository";

const RANGE_DOCS = `from/to: local dates YYYY-MM-DD in tz (default: the last 30 days ending today), at most ${MAX_REPORT_DAYS} days; tz: an IANA zone (default UTC); a DST day has 23 or 25 hours. Read from hourly rollups kept with the events (never raw events), so pruned events still count; test events never enter. events: every received non-test event; conversions: the counted ones; revenue and value per currency (XXX when none) over counted events.`;

/** The OpenAPI entries of a report's range parameters and its answer. */
function ReportQueries(groups: readonly ReportGroup[]) {
  return applyDecorators(
    ApiQuery({ name: "from", required: false, example: "2026-03-01" }),
    ApiQuery({ name: "to", required: false, example: "2026-03-30" }),
    ApiQuery({ name: "group_by", required: false, enum: groups }),
    ApiQuery({ name: "tz", required: false, example: "Europe/Berlin" }),
    ApiEnvelope(200, ReportResponse),
  );
}

/** The report routes' own query parameters (account_id is the guard's). */
const REPORT_PARAMETERS: ReadonlySet<string> = new Set([
  "from",
  "to",
  "group_by",
  "tz",
]);

function range(
  query: Record<string, unknown>,
  groups: readonly ReportGroup[],
): ReportRange {
  // Like every other route: `tz=a&tz=b` or `tz[]=…` is a 400, never "the first one".
  const repeated = repeatedQueryParameters(query, REPORT_PARAMETERS);
  if (repeated.length > 0) throw ApiError.validation(repeated);
  const parsed = parseReportRange(query, groups);
  if (Array.isArray(parsed)) throw ApiError.validation(parsed);
  return parsed;
}

@ApiTags("Reports")
@Controller("saved-pixels")
export class ReportsController {
  constructor(
    private readonly pixels: SavedPixelsService,
    private readonly reports: ReportsRepository,
    private readonly collector: EventCollector,
  ) {}

  @Get("report")
  @Authenticated({ scope: "read" })
  @ApiOperation({
    operationId: "getAccountReport",
    summary: "Conversion report of all the account's pixels",
    description: `Contract §8, over every pixel the account may read (its own and those shared with it). group_by: pixel (key: pixel id) or day. ${RANGE_DOCS}`,
  })
  @ReportQueries(ACCOUNT_REPORT_GROUPS)
  @ApiErrors(
    "VALIDATION_FAILED",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "RATE_LIMITED",
  )
  async accountReport(
    @AccountId() accountId: string,
    @Query() query: Record<string, unknown>,
  ) {
    const checked = range(query, ACCOUNT_REPORT_GROUPS);
    await this.collector.flush();
    return ok(
      buildReport(checked, await this.sums(accountPixels(accountId), checked)),
    );
  }

  @Get(":pixel_id/report")
  @Authenticated({ scope: "read" })
  @ApiOperation({
    operationId: "getPixelReport",
    summary: "Conversion report of a saved pixel",
    description: `Contract §8 (shared pixels too). group_by: day (every local day, zeros included), campaign, source, touchpoint (click, view) or conversion_type; other groupings list keys by conversions descending, null for none. ${RANGE_DOCS}`,
  })
  @ApiParam({ name: "pixel_id", example: "pix_a1b2c3d4e5f6" })
  @ReportQueries(PIXEL_REPORT_GROUPS)
  @ApiErrors(
    "VALIDATION_FAILED",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "RATE_LIMITED",
  )
  async pixelReport(
    @AccountId() accountId: string,
    @Param("pixel_id") id: string,
    @Query() query: Record<string, unknown>,
  ) {
    const pixel = await this.pixels.get(accountId, id);
    const checked = range(query, PIXEL_REPORT_GROUPS);
    // Events wait a few milliseconds in the collector's buffer: what was just
    // answered 204 is in the report.
    await this.collector.flush();
    return ok(
      buildReport(checked, await this.sums(onePixel(pixel.id), checked)),
    );
  }

  private sums(scope: PixelScope, range: ReportRange): Promise<RollupSum[]> {
    if (range.group_by === "day")
      return this.reports.daySums(scope, [
        ...range.days.map((day) => day.startHour),
        range.endHour,
      ]);
    return this.reports.keySums(
      scope,
      range.group_by,
      range.days[0].startHour,
      range.endHour,
    );
  }
}
