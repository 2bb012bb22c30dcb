/**
 * Contract §8 report answers from rollup sums: rows per key, currencies kept
 * apart, totals; pure (no database), so the shaping is tested on its own.
 */
import { NULL_KEY } from "./report-rollups";
import type { RollupSum } from "./reports.repository";
import type { ReportRange } from "./report-range";

/** The measures of one report row, and of the totals. */
export interface ReportMeasures {
  events: number;
  conversions: number;
  post_click_conversions: number;
  post_view_conversions: number;
  /** Per ISO 4217 currency (`XXX` for events without one), over counted events. */
  revenue: Record<string, number>;
  value: Record<string, number>;
}

export interface ReportRow extends ReportMeasures {
  key: string | null;
}

/** The `data` of a report response. */
export interface Report {
  from: string;
  to: string;
  tz: string;
  group_by: string;
  rows: ReportRow[];
  totals: ReportMeasures;
}

function empty(): ReportMeasures {
  return {
    events: 0,
    conversions: 0,
    post_click_conversions: 0,
    post_view_conversions: 0,
    revenue: {},
    value: {},
  };
}

/** Adds one key × currency sum into a row; a currency appears once it has a counted event. */
function addInto(target: ReportMeasures, sum: RollupSum): void {
  target.events += sum.events;
  target.conversions += sum.conversions;
  target.post_click_conversions += sum.post_click_conversions;
  target.post_view_conversions += sum.post_view_conversions;
  if (sum.conversions > 0 || sum.revenue !== 0 || sum.value !== 0) {
    target.revenue[sum.currency] =
      (target.revenue[sum.currency] ?? 0) + sum.revenue;
    target.value[sum.currency] = (target.value[sum.currency] ?? 0) + sum.value;
  }
}

/**
 * A floating-point sum of decimal amounts, to a millionth (19.99 + 19.99 is
 * 39.98); amounts of a billion or more are left as they are.
 */
export function roundAmount(amount: number): number {
  return Math.abs(amount) < 1e9 ? Math.round(amount * 1e6) / 1e6 : amount;
}

/** The amounts rounded, currencies in code order (rebuilt in place: rows are ours). */
function tidy(amounts: Record<string, number>): Record<string, number> {
  const currencies = Object.keys(amounts);
  // Insertion sort: a row has a few currencies, and Array#sort's set-up
  // allocates more than the rest of a 400-day report's shaping.
  for (let i = 1; i < currencies.length; i++)
    for (let j = i; j > 0 && currencies[j - 1] > currencies[j]; j--) {
      const later = currencies[j];
      currencies[j] = currencies[j - 1];
      currencies[j - 1] = later;
    }
  const out: Record<string, number> = {};
  for (const currency of currencies)
    out[currency] = roundAmount(amounts[currency]);
  return out;
}

/** Rounds a row's (or the totals') amounts, in place: every row is built here. */
function finish<T extends ReportMeasures>(measures: T): T {
  measures.revenue = tidy(measures.revenue);
  measures.value = tidy(measures.value);
  return measures;
}

/**
 * The report: for `day`, one row per local day of the range (zeros included),
 * each hour's sums added to the day that hour starts in; otherwise one row per
 * key with data, by conversions (then events) descending, then key, `null`
 * (the stored '' — no campaign, not attributed, …) last among equals.
 */
export function buildReport(range: ReportRange, sums: RollupSum[]): Report {
  const totals = empty();
  for (const sum of sums) addInto(totals, sum);
  let rows: ReportRow[];
  if (range.group_by === "day") {
    rows = range.days.map((day) => ({ key: day.date, ...empty() }));
    const starts = range.days.map((day) => day.startHour);
    for (const sum of sums) {
      const hour = Number(sum.key);
      // The last day starting at or before this hour (binary search).
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (starts[middle] <= hour) low = middle;
        else high = middle - 1;
      }
      addInto(rows[low], sum);
    }
  } else {
    const byKey = new Map<string, ReportRow>();
    for (const sum of sums) {
      const key = String(sum.key);
      let row = byKey.get(key);
      if (!row) {
        row = { key: key === NULL_KEY ? null : key, ...empty() };
        byKey.set(key, row);
      }
      addInto(row, sum);
    }
    rows = [...byKey.values()].sort(
      (a, b) =>
        b.conversions - a.conversions ||
        b.events - a.events ||
        (a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1),
    );
  }
  return {
    from: range.from,
    to: range.to,
    tz: range.tz,
    group_by: range.group_by,
    rows: rows.map(finish),
    totals: finish(totals),
  };
}
