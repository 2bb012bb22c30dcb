import { zoneOffset } from "./zone-offsets";

const references = new Map<string, Intl.DateTimeFormat>();

/**
 * The reference: the offset Intl names itself (`timeZoneName: "longOffset"`,
 * "GMT+05:30", "GMT+00:19:32", "GMT" for zero), a different Intl path from
 * the wall-clock arithmetic under test.
 */
function reference(instant: number, tz: string): number {
  let format = references.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      timeZoneName: "longOffset",
    });
    references.set(tz, format);
  }
  const name = format
    .formatToParts(new Date(instant))
    .find((part) => part.type === "timeZoneName")!.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name);
  if (!match) throw new Error(`unexpected offset name ${name}`);
  if (!match[1]) return 0;
  const [hours, minutes, seconds] = [match[2], match[3], match[4] ?? "0"].map(
    Number,
  );
  return (
    (match[1] === "-" ? -1 : 1) * ((hours * 60 + minutes) * 60 + seconds) * 1000
  );
}

describe("zone offsets (read from Intl once per zone and year)", () => {
  it.each([
    ["Europe/Berlin", "2026-03-29T01:00:00Z", 2 * 3600_000],
    ["Europe/Berlin", "2026-03-29T00:59:59Z", 3600_000],
    ["Europe/Berlin", "2026-10-25T01:00:00Z", 3600_000],
    ["America/New_York", "2026-03-08T07:00:00Z", -4 * 3600_000],
    ["America/New_York", "2026-03-08T06:59:59Z", -5 * 3600_000],
    ["Asia/Kolkata", "2026-07-01T00:00:00Z", 5.5 * 3600_000],
    ["Australia/Lord_Howe", "2026-01-15T00:00:00Z", 11 * 3600_000],
    ["Australia/Lord_Howe", "2026-07-15T00:00:00Z", 10.5 * 3600_000],
    ["UTC", "2026-07-15T00:00:00Z", 0],
  ])("%s at %s is %d ms", (tz, at, expected) => {
    expect(zoneOffset(Date.parse(at), tz)).toBe(expected);
  });

  it.each([
    "Europe/Berlin",
    "America/Santiago", // changes at local midnight
    "America/Havana", // changes at local midnight
    "Africa/Casablanca", // leaves and re-enters summer time around Ramadan
    "Australia/Lord_Howe", // a 30-minute DST change
    "Pacific/Apia", // skipped 30 December 2011
    "Europe/Amsterdam", // 1937's +00:19:32 (seconds)
  ])("agrees with Intl every 97 minutes, and around each change (%s)", (tz) => {
    const years: [number, number][] = [
      [Date.UTC(2011, 0, 1), Date.UTC(2012, 0, 1)],
      [Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)],
      [Date.UTC(1937, 0, 1), Date.UTC(1938, 0, 1)],
    ];
    for (const [from, to] of years)
      for (let instant = from; instant < to; instant += 97 * 60_000) {
        const expected = reference(instant, tz);
        if (zoneOffset(instant, tz) !== expected)
          throw new Error(
            `${tz} at ${new Date(instant).toISOString()}: ${zoneOffset(instant, tz)} ≠ ${expected}`,
          );
        // Around a change: the second before and the second it happens.
        const next = instant + 97 * 60_000;
        if (next < to && reference(next, tz) !== expected) {
          let low = instant;
          let high = next;
          while (high - low > 1000) {
            const middle = low + Math.floor((high - low) / 2000) * 1000;
            if (reference(middle, tz) === expected) low = middle;
            else high = middle;
          }
          expect(zoneOffset(low, tz)).toBe(reference(low, tz));
          expect(zoneOffset(high, tz)).toBe(reference(high, tz));
        }
      }
  });
});
