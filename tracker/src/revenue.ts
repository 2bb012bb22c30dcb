/**
 * A payload's `revenue` as the tracker sends it, read by the amount parser the
 * server shares (`src/pixels/amount.ts`): the amount as a number when it reads as
 * one; otherwise, when something was there, the value as text (at most
 * RAW_REVENUE_MAX_LENGTH characters) so the server drops it with a warning the
 * user can see. Anything else that is there (an object, a function) is left out
 * and reported (drops.ts).
 */
import { parseAmount } from "../../src/pixels/amount";
import { RAW_REVENUE_MAX_LENGTH } from "./limits";
import { cap } from "./values";
import { drop, kindOf } from "./drops";

export function readRevenue(
  input: unknown,
  currency: string | undefined,
  dropped: string[],
): number | string | undefined {
  const parsed = parseAmount(input, currency);
  if (parsed.value !== null) return parsed.value;
  if (parsed.warning !== null)
    return cap(String(input), RAW_REVENUE_MAX_LENGTH);
  if (input != null && typeof input !== "string")
    drop(dropped, "revenue", kindOf(input));
  return undefined;
}
