import { halfDayBlock, localDayReads, localDaySums } from "./local-days";
import { MEASURE_FIELDS } from "./report-rollups";
import type { RollupSum } from "./reports.repository";

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hourSum(hour: number, currency: string, cents: number): RollupSum {
  return {
    key: hour,
    currency,
    events: 3,
    conversions: 2,
    post_click_conversions: 1,
    post_view_conversions: 1,
    revenue: cents / 100,
    value: (cents + 7) / 100,
  };
}

/** Day totals exactly as the collector keeps them: the hours of each UTC day, summed. */
function daysOf(hours: RollupSum[]): RollupSum[] {
  const days = new Map<string, RollupSum>();
  for (const sum of hours) {
    const day = Math.floor(Number(sum.key) / 24);
    const key = `${day} ${sum.currency}`;
    const seen = days.get(key);
    if (!seen) days.set(key, { ...sum, key: day });
    else for (const field of MEASURE_FIELDS) seen[field] += sum[field];
  }
  return [...days.values()];
}

/** The reference: every hour of each local day, added up. */
function direct(boundaries: number[], hours: RollupSum[]) {
  const out: Record<string, [number, number, number, number]> = {};
  for (const sum of hours)
    for (let i = 0; i + 1 < boundaries.length; i++) {
      const hour = Number(sum.key);
      if (hour < boundaries[i] || hour >= boundaries[i + 1]) continue;
      const key = `${boundaries[i]} ${sum.currency}`;
      const row = (out[key] ??= [0, 0, 0, 0]);
      row[0] += sum.events;
      row[1] += sum.conversions;
      row[2] += Math.round(sum.revenue * 100);
      row[3] += Math.round(sum.value * 100);
    }
  return out;
}

describe("local days from UTC day totals and edge hours", () => {
  it("reads Berlin's winter days as the UTC days plus one hour at each end", () => {
    // Local midnight in Berlin in winter: 23:00 UTC the day before.
    const first = 20_454 * 24 - 1;
    const reads = localDayReads([first, first + 24, first + 48]);
    expect(reads).toEqual({
      firstDay: 20_454,
      endDay: 20_456,
      hours: [first, first + 24, first + 48],
    });
    // Tokyo (+9): midnight at 15:00 UTC, nine hours before the next UTC midnight.
    const lateHours = (day: number) =>
      [15, 16, 17, 18, 19, 20, 21, 22, 23].map((h) => day * 24 + h);
    expect(localDayReads([20_454 * 24 + 15, 20_455 * 24 + 15]).hours).toEqual([
      ...lateHours(20_454),
      ...lateHours(20_455),
    ]);
  });

  it("agrees with summing every hour, for any boundaries (DST days, odd offsets, 22–26 hours)", () => {
    const next = random(11);
    for (let run = 0; run < 300; run++) {
      const start = 490_000 + Math.floor(next() * 48);
      const boundaries = [start];
      const days = 1 + Math.floor(next() * 12);
      for (let i = 0; i < days; i++)
        boundaries.push(
          boundaries[i] + 24 + (next() < 0.3 ? Math.floor(next() * 5) - 2 : 0),
        );
      const hours: RollupSum[] = [];
      // Data beyond the range on both sides too: it must not leak in.
      for (let h = start - 30; h < boundaries[days] + 30; h++)
        for (const currency of ["EUR", "USD"])
          if (next() < 0.6)
            hours.push(hourSum(h, currency, Math.floor(next() * 100_000)));
      const reads = localDayReads(boundaries);
      const readable = hours
        .filter((sum) => reads.hours.includes(Number(sum.key)))
        .map((sum) => ({ ...sum, key: halfDayBlock(Number(sum.key)) }));
      const dayTotals = daysOf(hours).filter(
        (sum) =>
          Number(sum.key) >= reads.firstDay && Number(sum.key) < reads.endDay,
      );
      const got: Record<string, [number, number, number, number]> = {};
      for (const sum of localDaySums(boundaries, dayTotals, readable))
        got[`${sum.key} ${sum.currency}`] = [
          sum.events,
          sum.conversions,
          Math.round(sum.revenue * 100),
          Math.round(sum.value * 100),
        ];
      expect(got).toEqual(direct(boundaries, hours));
      // Amounts come out already rounded to what the report shows.
      for (const sum of localDaySums(boundaries, dayTotals, readable))
        expect(Math.round(sum.revenue * 100) / 100).toBe(sum.revenue);
    }
  });

  it("leaves out a currency whose hours all belong to the neighbouring day", () => {
    const first = 20_454 * 24 - 1; // Berlin, winter
    // A EUR sale at 23:00 UTC on the 20,454th day belongs to the next local day.
    const hours = [hourSum(20_454 * 24 + 23, "EUR", 1999)];
    const sums = localDaySums(
      [first, first + 24, first + 48],
      daysOf(hours),
      hours.map((sum) => ({ ...sum, key: halfDayBlock(Number(sum.key)) })),
    );
    expect(sums.map((sum) => [sum.key, sum.currency, sum.revenue])).toEqual([
      [first + 24, "EUR", 19.99],
    ]);
  });
});
