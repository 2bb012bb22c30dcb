/**
 * The report screen's logic (contract §8, `GET /saved-pixels/{id}/report`):
 * its query's defaults, the row keys in words, the chart's series and money in
 * the reader's locale. Pure, so it is tested without a browser.
 */

/** The pixel report's `group_by` values (contract §8), with their labels. */
export const GROUP_BY_OPTIONS = [
  { value: "day", label: "Day" },
  { value: "campaign", label: "Campaign" },
  { value: "source", label: "Source" },
  { value: "touchpoint", label: "Touchpoint (click or view)" },
  { value: "conversion_type", label: "Conversion type" },
] as const;

export type ReportGroupBy = (typeof GROUP_BY_OPTIONS)[number]["value"];

/** The report's days are local dates in a zone; the range is 30 days ending today by default. */
export const DEFAULT_RANGE_DAYS = 30;

/** Per-currency sums, as the API answers them (`{"EUR": 12.5}`; `XXX` = no currency). */
export type Money = Record<string, number>;

/** The measures of a row or of the totals (ReportMeasuresResponse). */
export interface ReportMeasures {
  events: number;
  conversions: number;
  post_click_conversions: number;
  post_view_conversions: number;
  revenue: Money;
  value: Money;
}

/** The report as the API answers it (ReportResponse). */
export interface Report {
  from: string;
  to: string;
  tz: string;
  group_by: string;
  rows: Array<ReportMeasures & { key: string | null }>;
  totals: ReportMeasures;
}

/** The report's query parameters, each with a control of its own on the report screen. */
const REPORT_FIELDS = new Set(["from", "to", "tz", "group_by"]);

/**
 * A 400's details by report parameter (`from`, `to`, `tz`, `group_by`), so each
 * message appears beside its control; anything else under `""` with its path.
 */
export function reportFieldErrors(
  details: readonly { field: string; message: string }[],
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const { field, message } of details) {
    const key = REPORT_FIELDS.has(field) ? field : "";
    (errors[key] ??= []).push(
      key === "" && field ? `${field}: ${message}` : message,
    );
  }
  return errors;
}

/** The browser's IANA time zone (the report's default here), else UTC. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** The IANA zones the browser knows, for the time-zone field's suggestions. */
export function knownTimeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
}

/** `now`'s calendar date (YYYY-MM-DD) in `timeZone`; UTC's when the zone is unknown. */
export function localDate(now: Date, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** A YYYY-MM-DD date moved by `days` (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The default range: the last DEFAULT_RANGE_DAYS days ending today in `timeZone` (as the API's). */
export function defaultRange(
  now: Date,
  timeZone: string,
): { from: string; to: string } {
  const to = localDate(now, timeZone);
  return { from: addDays(to, 1 - DEFAULT_RANGE_DAYS), to };
}

/** A row key in words: the date for `day`, a readable "none" for a null key. */
export function keyLabel(groupBy: string, key: string | null): string {
  if (key !== null && key !== "") return key;
  if (groupBy === "touchpoint") return "not attributed";
  if (groupBy === "conversion_type") return "no conversion type";
  return `no ${groupBy}`;
}

/**
 * The report's currencies, the one with the most revenue first (that one is
 * charted by default); `XXX` (no currency) last. Includes currencies that only
 * have attributed value.
 */
export function currenciesOf(report: Pick<Report, "totals">): string[] {
  const { revenue, value } = report.totals;
  const all = new Set([...Object.keys(revenue), ...Object.keys(value)]);
  return [...all].sort((a, b) => {
    if ((a === "XXX") !== (b === "XXX")) return a === "XXX" ? 1 : -1;
    const difference = (revenue[b] ?? 0) - (revenue[a] ?? 0);
    return difference !== 0 ? difference : a.localeCompare(b);
  });
}

/** The chart's data: one label per row, conversions and the revenue in `currency` per row. */
export interface ChartSeries {
  labels: string[];
  conversions: number[];
  revenue: number[];
}

/** The rows as chart series (revenue 0 where a row has none in `currency`). */
export function chartSeries(
  report: Report,
  currency: string | null,
): ChartSeries {
  return {
    labels: report.rows.map((row) => keyLabel(report.group_by, row.key)),
    conversions: report.rows.map((row) => row.conversions),
    revenue: report.rows.map((row) =>
      currency === null ? 0 : (row.revenue[currency] ?? 0),
    ),
  };
}

/**
 * An amount in `currency` in the reader's locale ("€12.50"); `XXX` (events
 * sent without a currency) is a plain number with "(no currency)".
 */
export function formatMoney(
  amount: number,
  currency: string,
  locale?: string,
): string {
  if (currency !== "XXX") {
    try {
      return new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
      }).format(amount);
    } catch {
      // a code Intl does not know: fall through to the plain form
    }
  }
  const number = new Intl.NumberFormat(locale, {
    maximumFractionDigits: 2,
  }).format(amount);
  return currency === "XXX"
    ? `${number} (no currency)`
    : `${number} ${currency}`;
}

/** Per-currency sums in words ("€12.50, $3.00"), "none" when empty. */
export function moneyText(money: Money, locale?: string): string {
  const entries = Object.entries(money);
  if (entries.length === 0) return "none";
  return entries
    .map(([currency, amount]) => formatMoney(amount, currency, locale))
    .join(", ");
}
