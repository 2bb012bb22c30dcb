import {
  parseReportRange,
  PIXEL_REPORT_GROUPS,
  ReportRange,
  startOfLocalDay,
} from "./report-range";

const NOW = new Date("2026-03-30T22:30:00Z");

function ok(query: Record<string, unknown>): ReportRange {
  const result = parseReportRange(query, PIXEL_REPORT_GROUPS, NOW);
  if (Array.isArray(result)) throw new Error(JSON.stringify(result));
  return result;
}

function fields(query: Record<string, unknown>): string[] {
  const result = parseReportRange(query, PIXEL_REPORT_GROUPS, NOW);
  return Array.isArray(result) ? result.map((detail) => detail.field) : [];
}

describe("report ranges (contract §8)", () => {
  it("defaults to the last 30 days ending today in the zone, by day, UTC", () => {
    const range = ok({});
    expect([range.from, range.to, range.tz, range.group_by]).toEqual([
      "2026-03-01",
      "2026-03-30",
      "UTC",
      "day",
    ]);
    expect(range.days).toHaveLength(30);
    // 22:30 UTC is already the 31st in Berlin (summer time, UTC+2).
    expect(ok({ tz: "Europe/Berlin" }).to).toBe("2026-03-31");
  });

  it("gives Berlin's DST days 23 and 25 hours", () => {
    const spring = ok({
      from: "2026-03-28",
      to: "2026-03-30",
      tz: "Europe/Berlin",
    });
    const hours = (range: ReportRange) =>
      range.days.map(
        (day, i) =>
          (range.days[i + 1]?.startHour ?? range.endHour) - day.startHour,
      );
    expect(hours(spring)).toEqual([24, 23, 24]);
    const autumn = ok({
      from: "2026-10-24",
      to: "2026-10-26",
      tz: "Europe/Berlin",
    });
    expect(hours(autumn)).toEqual([24, 25, 24]);
    expect(new Date(spring.days[1].startHour * 3_600_000).toISOString()).toBe(
      "2026-03-28T23:00:00.000Z",
    );
  });

  it("finds local midnight in zones east and west of UTC", () => {
    expect(
      new Date(startOfLocalDay("2026-01-15", "America/New_York")).toISOString(),
    ).toBe("2026-01-15T05:00:00.000Z");
    expect(
      new Date(startOfLocalDay("2026-07-15", "Asia/Tokyo")).toISOString(),
    ).toBe("2026-07-14T15:00:00.000Z");
    expect(
      new Date(startOfLocalDay("2026-07-15", "Asia/Kolkata")).toISOString(),
    ).toBe("2026-07-14T18:30:00.000Z");
  });

  /** The first instant whose local date is `date`, found by scanning 15-minute steps. */
  function bruteStart(date: string, tz: string): number {
    const format = new Intl.DateTimeFormat("en-CA", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    const local = Date.parse(`${date}T00:00:00Z`);
    for (let t = local - 16 * 3_600_000; ; t += 15 * 60_000)
      if (format.format(t) >= date) return t;
  }

  it.each([
    ["Asia/Amman", "2019-10-25"], // back from 01:00 to 00:00: midnight twice
    ["Asia/Gaza", "2016-10-29"],
    ["Antarctica/Casey", "2023-03-09"],
    ["Antarctica/Vostok", "2023-12-18"],
    ["America/Havana", "2026-03-08"], // forward at 00:00: no midnight
    ["America/Santiago", "2026-09-06"],
    ["Europe/Berlin", "2026-10-25"],
    ["America/New_York", "2026-03-08"],
    ["Australia/Lord_Howe", "2026-04-05"],
    ["Pacific/Chatham", "2026-09-27"],
    ["Asia/Kathmandu", "2026-07-01"],
  ])("starts %s's %s at its first instant", (tz, date) => {
    expect(new Date(startOfLocalDay(date, tz)).toISOString()).toBe(
      new Date(bruteStart(date, tz)).toISOString(),
    );
  });

  it("allows 400 days and no more", () => {
    expect(ok({ from: "2025-01-01", to: "2026-02-04" }).days).toHaveLength(400);
    expect(fields({ from: "2025-01-01", to: "2026-02-05" })).toEqual(["from"]);
  });

  it.each([
    [{ from: "2026-03-02", to: "2026-03-01" }, ["from"]],
    [{ from: "2026-02-30" }, ["from"]],
    [{ to: "2026-3-1" }, ["to"]],
    [{ to: ["x"] }, ["to"]],
    [{ tz: "Mars/Olympus" }, ["tz"]],
    [{ tz: "+02:00" }, ["tz"]],
    [{ group_by: "week" }, ["group_by"]],
    [{ group_by: "pixel" }, ["group_by"]],
    [
      { from: "x", tz: "nowhere", group_by: "hour" },
      ["tz", "group_by", "from"],
    ],
  ])("refuses %j naming %j", (query, expected) => {
    expect(fields(query)).toEqual(expected);
  });
});
