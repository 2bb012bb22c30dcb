/**
 * A payload's `transaction_id` (contract §7: the order id the collector counts
 * once per pixel) as the tracker sends it: text as it is, a finite number as its
 * decimal text, at most one character past the server's limit (the server drops
 * a longer one with a warning rather than cutting it: two orders must not merge).
 * Anything else that is there is left out and reported (drops.ts).
 */
import { TRANSACTION_ID_MAX_LENGTH } from "./limits";
import { cap, isFiniteNumber } from "./values";
import { drop, kindOf } from "./drops";

export function readTransactionId(
  input: unknown,
  dropped: string[],
): string | undefined {
  if (typeof input === "string")
    return cap(input, TRANSACTION_ID_MAX_LENGTH + 1);
  if (isFiniteNumber(input)) return String(input);
  if (input != null) drop(dropped, "transaction_id", kindOf(input));
  return undefined;
}
