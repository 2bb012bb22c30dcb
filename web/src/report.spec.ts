import {
  addDays,
  chartSeries,
  currenciesOf,
  defaultRange,
  formatMoney,
  keyLabel,
  localDate,
  moneyText,
  reportFieldErrors,
  type Report,
} from "./report";

const measures = {
  events: 0,
  conversions: 0,
  post_click_conversions: 0,
  post_view_conversions: 0,
  revenue: {},
  value: {},
};

describe("report dates", () => {
  it("takes today in the report's zone, not the browser's", () => {
    const now = new Date("2026-03-01T23:30:00Z");
    expect(localDate(now, "UTC")).toBe("2026-03-01");
    expect(localDate(now, "Europe/Berlin")).toBe("2026-03-02");
    expect(localDate(now, "America/Los_Angeles")).toBe("2026-03-01");
    expect(localDate(now, "Not/AZone")).toBe("2026-03-01");
  });

  it("defaults to the 30 days ending today, across months and leap days", () => {
    expect(defaultRange(new Date("2026-03-01T12:00:00Z"), "UTC")).toEqual({
      from: "2026-01-31",
      to: "2026-03-01",
    });
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });
});

describe("report rows", () => {
  const report: Report = {
    from: "2026-03-01",
    to: "2026-03-03",
    tz: "UTC",
    group_by: "campaign",
    rows: [
      {
        ...measures,
        key: "spring",
        conversions: 3,
        revenue: { EUR: 30, USD: 5 },
      },
      { ...measures, key: null, conversions: 1, revenue: { USD: 2 } },
    ],
    totals: {
      ...measures,
      conversions: 4,
      revenue: { EUR: 30, USD: 7, XXX: 100 },
      value: { GBP: 1 },
    },
  };

  it("names a null key in words", () => {
    expect(keyLabel("campaign", null)).toBe("no campaign");
    expect(keyLabel("touchpoint", null)).toBe("not attributed");
    expect(keyLabel("conversion_type", null)).toBe("no conversion type");
    expect(keyLabel("day", "2026-03-01")).toBe("2026-03-01");
  });

  it("orders currencies by revenue with XXX last, value-only ones included", () => {
    expect(currenciesOf(report)).toEqual(["EUR", "USD", "GBP", "XXX"]);
  });

  it("charts conversions and one currency's revenue per row", () => {
    expect(chartSeries(report, "USD")).toEqual({
      labels: ["spring", "no campaign"],
      conversions: [3, 1],
      revenue: [5, 2],
    });
    expect(chartSeries(report, null).revenue).toEqual([0, 0]);
  });

  it("writes money in the locale, XXX as a plain number", () => {
    expect(formatMoney(12.5, "EUR", "en-US")).toBe("€12.50");
    expect(formatMoney(1234.5, "XXX", "en-US")).toBe("1,234.5 (no currency)");
    expect(moneyText({ EUR: 1, USD: 2 }, "en-US")).toBe("€1.00, $2.00");
    expect(moneyText({}, "en-US")).toBe("none");
  });
});

describe("reportFieldErrors", () => {
  it("puts each parameter's message beside its control, the rest at form level", () => {
    expect(
      reportFieldErrors([
        { field: "tz", message: "must be an IANA time zone" },
        { field: "from", message: "must not be after to" },
        { field: "account_id", message: "is required" },
      ]),
    ).toEqual({
      tz: ["must be an IANA time zone"],
      from: ["must not be after to"],
      "": ["account_id: is required"],
    });
  });
});
