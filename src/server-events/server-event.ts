/**
 * The strict side of `POST /events` (contract §9): a server can be told what is
 * wrong, so a bad field rejects its event (with every error named) instead of
 * being dropped with a warning as `/collect` does for browsers. An event that
 * passes is stored exactly as `/collect` would store it (the same normaliser).
 *
 * Pure functions: no Nest, no database.
 */
import {
  EVENT_ID_PATTERN,
  isPlainObject,
  ISO_TIME,
  RAW_EVENT_FIELDS,
  RawCollectedEvent,
  REVENUE_MAX,
  URL_MAX_LENGTH,
} from "../collection/collected-event";
import { ErrorDetail } from "../http/error-codes";
import { isPixelId } from "../pixels/pixel-id";
import { testEventCodeProblem } from "../collection/test-event";

import { parseAmount } from "../pixels/amount";
import { isIso4217Code } from "../pixels/iso-4217";
import { PIXEL_TYPES, PixelConfig } from "../pixels/pixel-config";
import {
  CONVERSION_TYPE_MAX_LENGTH,
  FIXED_PROPERTY_VALUE_MAX_LENGTH,
  isPropertyKey,
  MAX_PROPERTIES,
} from "../pixels/pixel-rules";

/** Events per `POST /events` request. */
export const MAX_EVENTS_PER_BATCH = 100;
/** `POST /events` bodies are at most 256 KiB. */
export const SERVER_EVENTS_BODY_LIMIT = 256 * 1024;
/**
 * Fields of the `/collect` payload that are accepted and not stored yet
 * (attribution arrives with later work).
 */
const ACCEPTED_FIELDS = ["transaction_id", "visitor_id"] as const;
/** The fields `/collect` stores, checked here strictly. */
const STORED_FIELDS = RAW_EVENT_FIELDS;
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  ...STORED_FIELDS,
  ...ACCEPTED_FIELDS,
]);

/** One payload of a batch after the checks that need no database. */
export interface CheckedServerEvent {
  /** Only the stored fields, in a prototype-less object (for the normaliser). */
  raw: RawCollectedEvent;
  /** Every problem found, each named by its dotted path (`events.3.revenue`). */
  errors: ErrorDetail[];
}

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

/**
 * The checks of one payload that need no database. `pixel_id` and `type` are
 * required; the other fields are optional, and when present must be what
 * `/collect` would keep without a warning. Unknown fields are errors.
 */
export function checkServerEvent(
  value: unknown,
  index: number,
): CheckedServerEvent {
  const raw: RawCollectedEvent = Object.create(null);
  const errors: ErrorDetail[] = [];
  const at = (field: string) => `events.${index}.${field}`;
  if (!isPlainObject(value)) {
    errors.push({ field: `events.${index}`, message: "must be an object" });
    return { raw, errors };
  }
  for (const key of Object.keys(value)) {
    if (!KNOWN_FIELDS.has(key))
      errors.push({ field: at(key), message: "is not a known field" });
  }
  for (const field of STORED_FIELDS) {
    if (hasOwn(value, field) && value[field] !== null)
      raw[field] = value[field];
  }
  const problem = (field: string, message: string | null) => {
    if (message !== null) errors.push({ field: at(field), message });
  };
  problem(
    "pixel_id",
    isPixelId(raw.pixel_id)
      ? null
      : "is required: the id of a saved pixel of this account",
  );
  problem(
    "type",
    (PIXEL_TYPES as readonly unknown[]).includes(raw.type)
      ? null
      : `is required: one of ${PIXEL_TYPES.join(", ")}`,
  );
  if (raw.conversion_type !== undefined)
    problem("conversion_type", conversionTypeProblem(raw.conversion_type));
  const currency =
    typeof raw.currency === "string" ? raw.currency.trim().toUpperCase() : null;
  if (raw.revenue !== undefined)
    problem("revenue", revenueProblem(raw.revenue, currency));
  if (raw.currency !== undefined)
    problem(
      "currency",
      currency !== null && isIso4217Code(currency)
        ? null
        : "must be an ISO 4217 currency code",
    );
  if (raw.properties !== undefined)
    errors.push(...propertiesProblems(raw.properties, at("properties")));
  if (raw.event_id !== undefined)
    problem(
      "event_id",
      typeof raw.event_id === "string" && EVENT_ID_PATTERN.test(raw.event_id)
        ? null
        : 'must be 8-64 letters, digits, "_" or "-"',
    );
  for (const field of ["page_url", "referrer"] as const) {
    if (raw[field] !== undefined) problem(field, urlProblem(raw[field]));
  }
  if (raw.client_time !== undefined)
    problem(
      "client_time",
      typeof raw.client_time === "string" &&
        ISO_TIME.test(raw.client_time) &&
        Number.isFinite(Date.parse(raw.client_time))
        ? null
        : "must be an ISO 8601 time with a zone (2026-01-31T12:00:00Z)",
    );
  if (raw.test_event_code !== undefined)
    problem("test_event_code", testEventCodeProblem(raw.test_event_code));
  return { raw, errors };
}

/**
 * The checks against the saved pixel: the event's type must be the pixel's.
 * `pixel` is null when the account has no such pixel: the same error whether it
 * does not exist or belongs to another account, so nothing is revealed.
 */
export function checkAgainstPixel(
  raw: RawCollectedEvent,
  pixel: { config: PixelConfig } | null,
  index: number,
): ErrorDetail[] {
  if (!pixel)
    return [
      {
        field: `events.${index}.pixel_id`,
        message: "No saved pixel with this id in this account.",
      },
    ];
  if (raw.type !== pixel.config.type)
    return [
      {
        field: `events.${index}.type`,
        message: `must be the pixel's type, "${pixel.config.type}"`,
      },
    ];
  return [];
}

function conversionTypeProblem(value: unknown): string | null {
  if (typeof value !== "string") return "must be text";
  const length = value.trim().length;
  return length >= 1 && length <= CONVERSION_TYPE_MAX_LENGTH
    ? null
    : `must be 1-${CONVERSION_TYPE_MAX_LENGTH} characters`;
}

/**
 * Revenue through the one amount parser, with the event's currency, as the
 * normaliser will read it (so what is checked is what is stored): refused, too
 * large, or read one way of two ("4.350" without a currency) is an error here,
 * where `/collect` would drop it or keep it with a warning.
 */
function revenueProblem(
  value: unknown,
  currency: string | null,
): string | null {
  const parsed =
    typeof value === "number" || typeof value === "string"
      ? parseAmount(
          value,
          currency && isIso4217Code(currency) ? currency : null,
        )
      : null;
  if (
    parsed !== null &&
    parsed.value !== null &&
    parsed.warning === null &&
    parsed.value <= REVENUE_MAX
  )
    return null;
  const why = parsed?.warning ? ` (${parsed.warning})` : "";
  return `must be a non-negative number (or decimal string) of at most ${REVENUE_MAX}${why}`;
}

function urlProblem(value: unknown): string | null {
  if (
    typeof value !== "string" ||
    !/^https?:\/\//i.test(value) ||
    !URL.canParse(value)
  )
    return "must be an http(s) URL";
  return value.length <= URL_MAX_LENGTH
    ? null
    : `must be at most ${URL_MAX_LENGTH} characters`;
}

function propertiesProblems(value: unknown, field: string): ErrorDetail[] {
  if (!isPlainObject(value))
    return [{ field, message: "must be an object of key: value" }];
  const errors: ErrorDetail[] = [];
  const keys = Object.keys(value);
  if (keys.length > MAX_PROPERTIES)
    errors.push({
      field,
      message: `must have at most ${MAX_PROPERTIES} properties`,
    });
  for (const key of keys) {
    if (!isPropertyKey(key)) {
      errors.push({
        field: `${field}.${key}`,
        message:
          "is not a valid property key (a letter or _, then letters, digits or _; at most 50)",
      });
      continue;
    }
    const item = value[key];
    const valid =
      (typeof item === "string" &&
        item.length <= FIXED_PROPERTY_VALUE_MAX_LENGTH) ||
      (typeof item === "number" && Number.isFinite(item)) ||
      typeof item === "boolean";
    if (!valid)
      errors.push({
        field: `${field}.${key}`,
        message: `must be text of at most ${FIXED_PROPERTY_VALUE_MAX_LENGTH} characters, a number or a boolean`,
      });
  }
  return errors;
}
