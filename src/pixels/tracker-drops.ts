/**
 * The tracker's report of what it left out of an event: the payload's `dropped`
 * list of `<reason>:<subject>` codes (tracker/src/drops.ts writes them, the
 * collector reads them here). Codes keep the tracker small; the sentences a user
 * reads live on the server. Pure TypeScript: the tracker bundles the limits below.
 */
import {
  MAX_PROPERTIES,
  MAX_PROPERTY_LIST_ITEMS,
  PROPERTY_KEY_MAX_LENGTH,
} from "./pixel-rules";

/** Codes one event carries; the collector ignores the rest (with a warning). */
export const MAX_DROPPED = 10;
/** Characters of a code's subject (a property key, a kind, a field). */
export const DROPPED_SUBJECT_MAX_LENGTH = 60;
/** Characters of a whole code the collector reads. */
export const DROPPED_CODE_MAX_LENGTH = 80;

const KINDS: Readonly<Record<string, string>> = {
  object: "an object",
  function: "a function",
  symbol: "a symbol",
  bigint: "a BigInt",
  undefined: "undefined",
  NaN: "NaN",
  Infinity: "Infinity",
  "-Infinity": "-Infinity",
};

const VALUE_SHAPES = "not text, a number, a boolean or a list";

function quoted(subject: string): string {
  return JSON.stringify(subject);
}

/**
 * The warning sentence for one code, or null when the code is not one the tracker
 * writes (the collector then says so instead of inventing a reason).
 */
export function describeDroppedCode(code: string): string | null {
  const colon = code.indexOf(":");
  if (colon < 0) return null;
  const reason = code.slice(0, colon);
  const subject = code.slice(colon + 1);
  const tail = "; dropped by the tracker";
  if (Object.prototype.hasOwnProperty.call(KINDS, reason))
    return `property ${quoted(subject)} is ${KINDS[reason]}, ${VALUE_SHAPES}${tail}`;
  switch (reason) {
    case "unreadable":
      return `property ${quoted(subject)} could not be read (its getter threw)${tail}`;
    case "list_length":
      return `property ${quoted(subject)} is a list of more than ${MAX_PROPERTY_LIST_ITEMS} items${tail}`;
    case "list_item":
      return `property ${quoted(subject)} is a list holding something other than text and finite numbers${tail}`;
    case "key_length":
      return `property key ${quoted(subject)} is longer than ${PROPERTY_KEY_MAX_LENGTH} characters${tail}`;
    case "over_limit":
      return /^\d+$/.test(subject)
        ? `${subject} properties over the limit of ${MAX_PROPERTIES}${tail}`
        : null;
    case "properties":
      return subject === "unreadable"
        ? `properties could not be read${tail}`
        : `properties is ${KINDS[subject] ?? quoted(subject)}, not an object${tail}`;
    case "revenue":
      return `revenue is ${KINDS[subject] ?? quoted(subject)}, not an amount${tail}`;
    case "transaction_id":
      return `transaction_id is ${KINDS[subject] ?? quoted(subject)}, not text or a number${tail} (the event counts without deduplication)`;
    case "image":
      return subject === "properties"
        ? `some properties were left out of the image request (the URL had no room to name them)`
        : `${quoted(subject)} was left out of the image request (no room in the URL)`;
    default:
      return null;
  }
}
