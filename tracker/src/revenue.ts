/**
 * A payload's `revenue` as the tracker sends it. The tracker does not read
 * amounts itself: the one amount parser (`src/pixels/amount.ts`) runs on the
 * server, where the event's currency and its ISO 4217 minor units are known, so
 * "4.350 €" is read the same way from every path (browser, image, server events)
 * and the tracker stays small. A finite number is sent as it is; text is sent as
 * text (at most RAW_REVENUE_MAX_LENGTH characters) for the server to read or to
 * refuse with a warning the user can see; anything else that is there (an object,
 * a function, NaN) is left out and reported (drops.ts).
 */
import { RAW_REVENUE_MAX_LENGTH } from "./limits";
import { cap, isFiniteNumber } from "./values";
import { drop, kindOf } from "./drops";

export function readRevenue(
  input: unknown,
  dropped: string[],
): number | string | undefined {
  if (isFiniteNumber(input)) return input;
  if (typeof input === "string")
    return input === "" ? undefined : cap(input, RAW_REVENUE_MAX_LENGTH);
  if (input != null) drop(dropped, "revenue", kindOf(input));
  return undefined;
}
