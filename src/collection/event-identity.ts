/**
 * Contract §7's identity fields of a collected event: the order it belongs to
 * (`transaction_id`) and the browser that sent it (`visitor_id`). Pure; like the
 * rest of the collector it never throws on input: a bad value is dropped with a
 * warning, and the event is kept.
 */

/** At most this many characters of an order id are kept; a longer one is dropped, not cut (two orders must not merge). */
export const TRANSACTION_ID_MAX_LENGTH = 256;
/**
 * A visitor id as the tracker makes one (random, at least 96 bits, URL-safe
 * base64 or hex): 8-128 of `[A-Za-z0-9_-]`. Anything else is not ours.
 */
export const VISITOR_ID_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;
/** The warning an event of a conversion or microconversion gets when it names no visitor. */
export const NO_VISITOR_ID = "no_visitor_id";

const QUOTE_MAX_LENGTH = 60;

function shown(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(
      value.length > QUOTE_MAX_LENGTH
        ? `${value.slice(0, QUOTE_MAX_LENGTH)}…`
        : value,
    );
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * `transaction_id` as stored: text (trimmed) or a finite number as its decimal
 * text; 1-256 characters. NUL (which PostgreSQL text cannot hold) becomes U+FFFD.
 * Absent or empty: null, silently. Anything else: null, with a warning.
 */
export function normaliseTransactionId(
  value: unknown,
  warn: (message: string) => void,
): string | null {
  if (value === undefined || value === null) return null;
  let text: string;
  if (typeof value === "string") text = value.trim();
  else if (typeof value === "number" && Number.isFinite(value))
    text = String(value);
  else {
    warn(
      `transaction_id ${shown(value)} is not text or a number; dropped (the event counts without deduplication)`,
    );
    return null;
  }
  if (text === "") return null;
  if (text.length > TRANSACTION_ID_MAX_LENGTH) {
    warn(
      `transaction_id is longer than ${TRANSACTION_ID_MAX_LENGTH} characters; dropped (the event counts without deduplication)`,
    );
    return null;
  }
  if (text.includes("\u0000")) {
    warn("transaction_id contained NUL characters; replaced with U+FFFD");
    text = text.split("\u0000").join("\uFFFD");
  }
  return text;
}

/** `visitor_id` as stored, or null (with a warning when one was sent but is not a visitor id). */
export function normaliseVisitorId(
  value: unknown,
  warn: (message: string) => void,
): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string" && VISITOR_ID_PATTERN.test(value)) return value;
  warn(
    `visitor_id ${shown(value)} is not 8-128 letters, digits, "_" or "-"; dropped`,
  );
  return null;
}
