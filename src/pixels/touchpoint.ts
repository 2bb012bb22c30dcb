/**
 * Contract §8 touchpoints: what took the visitor to the site (a *click*, from
 * `spx_cid` / `utm_*` / a click id on a landing URL) or showed them an ad (a
 * *view*, from the impression pixel `GET /v.gif`). One checker serves every path an
 * event arrives by (`POST /collect`, `GET /collect.gif`, `POST /events`): a
 * malformed touchpoint is dropped from the event with a warning, never an error.
 */
import { POST_CLICK_EXPIRE_MINS_MAX } from "./conversion-rules";

export const TOUCHPOINT_TYPES = ["click", "view"] as const;
export type TouchpointType = (typeof TOUCHPOINT_TYPES)[number];

/** The click ids the tracker recognises (§8); `click_id_type` is one of these. */
export const CLICK_ID_TYPES = [
  "gclid",
  "gbraid",
  "wbraid",
  "fbclid",
  "msclkid",
  "ttclid",
  "li_fat_id",
] as const;

/** A touchpoint as an event carries it (§8). Text fields are null when unknown. */
export interface Touchpoint {
  type: TouchpointType;
  campaign: string | null;
  source: string | null;
  medium: string | null;
  content: string | null;
  term: string | null;
  click_id_type: string | null;
  /** Seconds from the touch to the event, measured on one clock (the client's, or the server's for a view cookie). */
  age_s: number;
}

/** The text fields of a touchpoint, in payload order. */
export const TOUCHPOINT_TEXT_FIELDS = [
  "campaign",
  "source",
  "medium",
  "content",
  "term",
  "click_id_type",
] as const;
/** Every field a touchpoint payload may have. */
export const TOUCHPOINT_FIELDS = [
  "type",
  ...TOUCHPOINT_TEXT_FIELDS,
  "age_s",
] as const;

/** `spx_cid` is at most 100 characters (§8); every text field gets the same bound. */
export const TOUCHPOINT_TEXT_MAX_LENGTH = 100;
/**
 * The oldest touch that can still be attributed: the longest click window
 * (129,600 minutes = 90 days). An older age could never count, and a larger
 * number is a broken clock or junk.
 */
export const TOUCHPOINT_AGE_MAX_S = POST_CLICK_EXPIRE_MINS_MAX * 60;

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/**
 * Why a touchpoint payload is refused (a short phrase for a warning), or null
 * when it is well formed. Rules: a plain object with only the known fields;
 * `type` `"click"` or `"view"`; each text field absent, null or text of at most
 * 100 characters without control characters; `age_s` a finite number from 0 to
 * 7,776,000 (90 days). Numbers as text (`"120"`, from an image request) are read.
 */
export function touchpointProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return "is not an object";
  for (const key of Object.keys(value)) {
    if (!(TOUCHPOINT_FIELDS as readonly string[]).includes(key))
      return `has an unknown field ${JSON.stringify(key.slice(0, 40))}`;
  }
  if (!(TOUCHPOINT_TYPES as readonly unknown[]).includes(value.type))
    return 'type must be "click" or "view"';
  for (const field of TOUCHPOINT_TEXT_FIELDS) {
    const text = value[field];
    if (text === undefined || text === null) continue;
    if (typeof text !== "string") return `${field} is not text`;
    if (text.length > TOUCHPOINT_TEXT_MAX_LENGTH)
      return `${field} is longer than ${TOUCHPOINT_TEXT_MAX_LENGTH} characters`;
    // Control characters (NUL included, which PostgreSQL text cannot hold).
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(text))
      return `${field} contains control characters`;
  }
  const age = ageSeconds(value.age_s);
  if (age === null)
    return `age_s must be a number of seconds from 0 to ${TOUCHPOINT_AGE_MAX_S}`;
  return null;
}

function ageSeconds(value: unknown): number | null {
  const number =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isFinite(number) &&
    number >= 0 &&
    number <= TOUCHPOINT_AGE_MAX_S
    ? number
    : null;
}

/**
 * A touchpoint payload as stored, or null. Absent (`undefined`/`null`) is null
 * without a warning; a malformed one is null and `warn` says why
 * (`touchpoint …; dropped`). Text is trimmed and empty text is null; `age_s` is
 * kept to the millisecond.
 */
export function normaliseTouchpoint(
  value: unknown,
  warn: (message: string) => void,
): Touchpoint | null {
  if (value === undefined || value === null) return null;
  const problem = touchpointProblem(value);
  if (problem !== null) {
    warn(`touchpoint ${problem}; dropped`);
    return null;
  }
  const input = value as Record<string, unknown>;
  const text = (field: (typeof TOUCHPOINT_TEXT_FIELDS)[number]) => {
    const item = hasOwn(input, field) ? input[field] : null;
    if (typeof item !== "string") return null;
    const trimmed = item.trim();
    return trimmed === "" ? null : trimmed;
  };
  return {
    type: input.type as TouchpointType,
    campaign: text("campaign"),
    source: text("source"),
    medium: text("medium"),
    content: text("content"),
    term: text("term"),
    click_id_type: text("click_id_type"),
    age_s: Math.round(ageSeconds(input.age_s)! * 1000) / 1000,
  };
}
