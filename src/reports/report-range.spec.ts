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
