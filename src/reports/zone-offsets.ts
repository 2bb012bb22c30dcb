/**
 * A time zone's UTC offset at any instant, read from the platform's `Intl`
 * (ICU's copy of the IANA database) once per zone and UTC year and then
 * answered from memory. Why: `Intl.DateTimeFormat#formatToParts` costs several
 * microseconds a call, and a 400-day report needs the offset at every local
 * midnight (about 1,600 calls, 10–17 ms on a busy 2-core machine) — per
 * request. A zone's rules cannot change while the process runs, so a year's
 * offsets are read once: the offset at every UTC midnight of the year, and
 * where two neighbours differ the exact second of the change by bisection.
 * (Two changes that cancel out within one day would be missed; no zone in the
 * IANA database has had one.)
 */

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;
/** Zone-years kept (each a few transitions); a report touches at most three. */
const MAX_YEARS = 2000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A cached formatter showing `tz`'s wall clock; throws RangeError for a zone
 * `Intl` does not know (so nothing unknown is cached).
 */
export function wallClockFormatter(tz: string): Intl.DateTimeFormat {
  let found = formatters.get(tz);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    if (formatters.size >= 500) formatters.clear();
    formatters.set(tz, found);
  }
  return found;
}

/** The offset (ms, wall clock minus UTC) of `tz` at `instant`, straight from Intl. */
function intlOffset(instant: number, tz: string): number {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormatter(tz).formatToParts(new Date(instant)))
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour === 24 ? 0 : parts.hour,
    parts.minute,
    parts.second,
  );
  // Intl shows whole seconds: compare with the instant's whole second.
  return wall - Math.floor(instant / SECOND_MS) * SECOND_MS;
}

/** One UTC year of a zone: the offset from its start, and each change after. */
interface ZoneYear {
  tz: string;
  start: number;
  /** The start of the next year (ms): the zone-year answers for [start, end). */
  end: number;
  offset: number;
  /** Instants (ms) at which the offset becomes `offsets[i]`, ascending. */
  changes: number[];
  offsets: number[];
}

const years = new Map<string, ZoneYear>();
/** The zone-year zoneOffset answered from last. */
let lastYear: ZoneYear | null = null;

function readYear(tz: string, year: number): ZoneYear {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const zoneYear: ZoneYear = {
    tz,
    start,
    end,
    offset: intlOffset(start, tz),
    changes: [],
    offsets: [],
  };
  let before = start;
  let offsetBefore = zoneYear.offset;
  for (let next = start + DAY_MS; before < end; next += DAY_MS) {
    const at = Math.min(next, end);
    const offset = intlOffset(at, tz);
    if (offset !== offsetBefore) {
      // The change lies in (before, at]: bisect to the second.
      let low = before;
      let high = at;
      while (high - low > SECOND_MS) {
        const middle =
          low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
        if (intlOffset(middle, tz) === offsetBefore) low = middle;
        else high = middle;
      }
      if (high < end) {
        zoneYear.changes.push(high);
        zoneYear.offsets.push(offset);
      }
      offsetBefore = offset;
    }
    before = at;
  }
  return zoneYear;
}

/**
 * The offset (ms, wall clock minus UTC, whole seconds) of `tz` at `instant`
 * (ms since the epoch). `tz` must be a zone `Intl` knows (RangeError
 * otherwise).
 */
export function zoneOffset(instant: number, tz: string): number {
  // A report asks about consecutive days of one zone: the zone-year of the
  // last call answers most calls without building a key (a report's
  // garbage is what its tail latency is made of).
  let zoneYear =
    lastYear?.tz === tz && instant >= lastYear.start && instant < lastYear.end
      ? lastYear
      : undefined;
  if (!zoneYear) {
    const year = new Date(instant).getUTCFullYear();
    const key = `${tz}\u0000${year}`;
    zoneYear = years.get(key);
    if (!zoneYear) {
      zoneYear = readYear(tz, year);
      if (years.size >= MAX_YEARS) years.clear();
      years.set(key, zoneYear);
    }
    lastYear = zoneYear;
  }
  let offset = zoneYear.offset;
  for (let i = 0; i < zoneYear.changes.length; i++) {
    if (zoneYear.changes[i] > instant) break;
    offset = zoneYear.offsets[i];
  }
  return offset;
}
