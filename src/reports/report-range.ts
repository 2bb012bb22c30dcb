/**
 * Contract §8 report parameters: `from`, `to` (local dates), `tz` (an IANA zone)
 * and `group_by`, checked and turned into the UTC hours a report reads. Time
 * zones go through the platform's `Intl` (ICU's copy of the IANA database), never
 * hand-written offsets: a local day is whatever the zone says it is, so a DST day
 * has 23 or 25 hours. Offsets are read once per zone and year (zone-offsets.ts),
 * so a 400-day range costs microseconds, not 1,600 Intl calls.
 */
import type { ErrorDetail } from "../http/error-codes";
import { wallClockFormatter, zoneOffset } from "./zone-offsets";

export const PIXEL_REPORT_GROUPS = [
  "day",
  "campaign",
  "source",
  "touchpoint",
  "conversion_type",
] as const;
export const ACCOUNT_REPORT_GROUPS = ["pixel", "day"] as const;
export type ReportGroup =
  (typeof PIXEL_REPORT_GROUPS)[number] | (typeof ACCOUNT_REPORT_GROUPS)[number];

/** Longest range (§8), counting both ends. */
export const MAX_REPORT_DAYS = 400;
/** The range when `from` is not given: the last 30 days ending `to`. */
export const DEFAULT_REPORT_DAYS = 30;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A checked report request. */
export interface ReportRange {
  from: string;
  to: string;
  tz: string;
  group_by: ReportGroup;
  /** Each local day of the range, in order, with the first UTC hour that belongs to it. */
  days: { date: string; startHour: number }[];
  /** The first UTC hour after the range (the start of the day after `to`). */
  endHour: number;
}

/** Whether `tz` is a time zone `Intl` knows (IANA names, `UTC`). */
export function isTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > 64) return false;
  try {
    wallClockFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall-clock time at `instant`, read as if it were UTC (ms). */
function wallClock(instant: number, tz: string): number {
  return instant + zoneOffset(instant, tz);
}

/** The local date (`YYYY-MM-DD`) in `tz` at `instant`. */
export function localDate(instant: number, tz: string): string {
  return new Date(wallClock(instant, tz)).toISOString().slice(0, 10);
}

/**
 * The instant (ms) local midnight of `date` happens in `tz`: the offsets in
 * force a day before, at and a day after it are each tried. Where midnight
 * happens twice (clocks set back to 00:00) the day starts at the first;
 * where it does not exist (clocks sprung forward at 00:00), at the first
 * instant after the gap.
 */
export function startOfLocalDay(date: string, tz: string): number {
  const [, y, m, d] = DATE.exec(date)!.map(Number);
  return startOfLocalMidnight(Date.UTC(y, m - 1, d), tz);
}

/** startOfLocalDay for the day whose midnight, read as if UTC, is `local` (ms). */
function startOfLocalMidnight(local: number, tz: string): number {
  // Midnight is `local` minus the offset in force then. The offsets a day
  // before and a day after bound it; nearly always they are the same.
  const before = zoneOffset(local - DAY_MS, tz);
  const after = zoneOffset(local + DAY_MS, tz);
  const early = local - Math.max(before, after);
  const late = local - Math.min(before, after);
  // With a change near midnight, both may read 00:00 (clocks set back to
  // midnight, as in Amman): the day starts at the first.
  if (wallClock(early, tz) === local) return early;
  if (late !== early && wallClock(late, tz) === local) return late;
  // No instant reads 00:00: a gap at midnight (clocks sprung forward). The
  // day starts at its first instant: step from the earlier guess to the
  // first hour whose wall clock is in the day.
  let instant = early;
  while (wallClock(instant, tz) < local) instant += HOUR_MS;
  return instant;
}

function parseDate(value: string): number | null {
  const match = DATE.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number);
  const time = Date.UTC(y, m - 1, d);
  return new Date(time).toISOString().slice(0, 10) === value ? time : null;
}

function single(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks a report's query parameters and answers the range, or the problems
 * (one ErrorDetail per bad parameter, named). Defaults: `tz` UTC, `to` today in
 * `tz` (at `now`), `from` 29 days before `to`, `group_by` day.
 */
export function parseReportRange(
  query: Record<string, unknown>,
  groups: readonly ReportGroup[],
  now: Date = new Date(),
): ReportRange | ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const tzValue = single(query.tz);
  let tz = "UTC";
  if (tzValue !== undefined) {
    if (typeof tzValue === "string" && isTimeZone(tzValue)) tz = tzValue;
    else
      errors.push({
        field: "tz",
        message: "must be an IANA time zone name such as Europe/Berlin or UTC",
      });
  }
  const groupValue = single(query.group_by) ?? "day";
  const group_by = (groups as readonly unknown[]).includes(groupValue)
    ? (groupValue as ReportGroup)
    : null;
  if (group_by === null)
    errors.push({
      field: "group_by",
      message: `must be one of ${groups.join(", ")}`,
    });
  const date = (field: "from" | "to"): number | null | undefined => {
    const value = single(query[field]);
    if (value === undefined) return undefined;
    const time = typeof value === "string" ? parseDate(value) : null;
    if (time === null)
      errors.push({ field, message: "must be a date YYYY-MM-DD" });
    return time;
  };
  const fromTime = date("from");
  const toTime = date("to");
  if (errors.length > 0) return errors;

  const to = toTime ?? parseDate(localDate(now.getTime(), tz))!;
  const from = fromTime ?? to - (DEFAULT_REPORT_DAYS - 1) * DAY_MS;
  if (from > to) return [{ field: "from", message: "must not be after to" }];
  const dayCount = Math.round((to - from) / DAY_MS) + 1;
  if (dayCount > MAX_REPORT_DAYS)
    return [
      {
        field: "from",
        message: `the range from..to may cover at most ${MAX_REPORT_DAYS} days (this covers ${dayCount})`,
      },
    ];
  const days: ReportRange["days"] = [];
  for (let i = 0; i < dayCount; i++) {
    const local = from + i * DAY_MS;
    days.push({
      date: new Date(local).toISOString().slice(0, 10),
      startHour: Math.ceil(startOfLocalMidnight(local, tz) / HOUR_MS),
    });
  }
  return {
    from: days[0].date,
    to: days[days.length - 1].date,
    tz,
    group_by: group_by!,
    days,
    endHour: Math.ceil(startOfLocalMidnight(to + DAY_MS, tz) / HOUR_MS),
  };
}
