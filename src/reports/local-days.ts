/**
 * Sums per local day from UTC day totals and a few UTC hours (issue #11's
 * speed target). With P(h) the sum of every hour before UTC hour h, a local
 * day [b_i, b_(i+1)) sums to P(b_(i+1)) − P(b_i). Each boundary b is written
 * through its nearest UTC midnight m (b at 12:00 UTC or later rounds up):
 * P(b) = Σ days before m + C_b, where C_b = +Σ hours [m, b) when m ≤ b, else
 * −Σ hours [b, m). So a day is the UTC days between its two midnights plus
 * at most 12 hours at each end: 400 days in Berlin read 400 day rows and
 * ~600 hours, not 9,600 hours. The hours of one C_b all lie in one half of a
 * UTC day (12-hour block h ÷ 12: even just after m, odd just before), and no
 * two boundaries share a block (days are longer than 12 hours), so the
 * database sums them per block. Counts stay exact (integers); amounts are
 * doubles, rounded to a millionth as the report shows them anyway.
 */
import type { RollupSum } from "./reports.repository";
import { roundAmount } from "./report-builder";
import { MEASURE_FIELDS } from "./report-rollups";

const HOURS_PER_DAY = 24;
const HALF_DAY = 12;
const MEASURES = MEASURE_FIELDS;

/** The nearest UTC midnight (hours since the epoch) to boundary hour `b`. */
function midnight(b: number): number {
  const into = ((b % HOURS_PER_DAY) + HOURS_PER_DAY) % HOURS_PER_DAY;
  return into < HALF_DAY ? b - into : b + HOURS_PER_DAY - into;
}

/** What to read for local days with these boundaries. */
export interface LocalDayReads {
  /** UTC days [firstDay, endDay) of day totals. */
  firstDay: number;
  endDay: number;
  /** The UTC hours of hour totals, ascending, without repeats (summed per 12-hour block). */
  hours: number[];
}

/**
 * `boundaries`: UTC hours, ascending — each local day's first hour, then the
 * hour after the last day (so n days have n + 1 boundaries).
 */
export function localDayReads(boundaries: number[]): LocalDayReads {
  const hours: number[] = [];
  for (const b of boundaries) {
    const m = midnight(b);
    for (let h = Math.min(m, b); h < Math.max(m, b); h++) hours.push(h);
  }
  // Each boundary's hours lie in its own 12-hour block, blocks ascend with
  // the boundaries: the list is already ascending and without repeats.
  return {
    firstDay: midnight(boundaries[0]) / HOURS_PER_DAY,
    endDay: midnight(boundaries[boundaries.length - 1]) / HOURS_PER_DAY,
    hours,
  };
}

/** The 12-hour block (UTC hour ÷ 12) holding an hour; what the hour sums are keyed by. */
export function halfDayBlock(hour: number): number {
  return Math.floor(hour / HALF_DAY);
}

/**
 * One sum per local day and currency (`key`: the day's first UTC hour), from
 * `dayTotals` (key: UTC day) and `blockTotals` (key: halfDayBlock, summing
 * only the hours localDayReads listed). Rows may repeat a key and currency
 * (they are added). Days and currencies with nothing are left out.
 */
export function localDaySums(
  boundaries: number[],
  dayTotals: RollupSum[],
  blockTotals: RollupSum[],
): RollupSum[] {
  const firstDay = midnight(boundaries[0]) / HOURS_PER_DAY;
  const endDay = midnight(boundaries[boundaries.length - 1]) / HOURS_PER_DAY;
  const currencies = new Map<string, number>();
  const currencyOf = (code: string) => {
    let index = currencies.get(code);
    if (index === undefined) currencies.set(code, (index = currencies.size));
    return index;
  };
  for (const sum of dayTotals) currencyOf(sum.currency);
  for (const sum of blockTotals) currencyOf(sum.currency);
  const width = currencies.size * MEASURES.length;
  // Flat arrays: [slot × width + currency × MEASURES.length + measure].
  const days = new Float64Array(Math.max(0, endDay - firstDay) * width);
  const firstBlock = 2 * firstDay - 1;
  const blocks = new Float64Array((2 * (endDay - firstDay) + 2) * width);
  const fill = (into: Float64Array, slot: number, sum: RollupSum) => {
    if (slot < 0 || (slot + 1) * width > into.length) return;
    const base = slot * width + currencyOf(sum.currency) * MEASURES.length;
    for (let j = 0; j < MEASURES.length; j++)
      into[base + j] += sum[MEASURES[j]];
  };
  for (const sum of dayTotals) fill(days, Number(sum.key) - firstDay, sum);
  for (const sum of blockTotals)
    fill(blocks, Number(sum.key) - firstBlock, sum);

  const names = [...currencies.keys()];
  const net = new Float64Array(width);
  /** Adds sign × C_b (see the module comment) into `net`. */
  const correct = (b: number, sign: number) => {
    const m = midnight(b);
    if (m === b) return;
    const block = m < b ? 2 * (m / HOURS_PER_DAY) : 2 * (m / HOURS_PER_DAY) - 1;
    const base = (block - firstBlock) * width;
    const inner = m < b ? sign : -sign;
    for (let j = 0; j < width; j++) net[j] += inner * blocks[base + j];
  };
  const out: RollupSum[] = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    net.fill(0);
    const from = midnight(boundaries[i]) / HOURS_PER_DAY;
    const to = midnight(boundaries[i + 1]) / HOURS_PER_DAY;
    for (let day = from; day < to; day++) {
      const base = (day - firstDay) * width;
      for (let j = 0; j < width; j++) net[j] += days[base + j];
    }
    correct(boundaries[i + 1], 1);
    correct(boundaries[i], -1);
    names.forEach((currency, c) => {
      const at = c * MEASURES.length;
      const revenue = roundAmount(net[at + 4]);
      const value = roundAmount(net[at + 5]);
      if (net[at] === 0 && net[at + 1] === 0 && !revenue && !value) return;
      out.push({
        key: boundaries[i],
        currency,
        events: net[at],
        conversions: net[at + 1],
        post_click_conversions: net[at + 2],
        post_view_conversions: net[at + 3],
        revenue,
        value,
      });
    });
  }
  return out;
}
