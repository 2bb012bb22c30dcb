/**
 * The collector's pure logic: from a `POST /collect` body or a `GET /collect.gif`
 * query to a raw event, and from a raw event plus its saved pixel to the event as
 * stored. No Nest, no database: the HTTP layer calls these and persists the result.
 *
 * Nothing here trusts its input. Only the known fields are read, objects built from
 * input have no prototype (a `__proto__` key stays a plain, rejected key), and every
 * function answers `null` or drops a field with a warning instead of throwing.
 */
import { randomUUID } from "node:crypto";
import { isIso4217Code } from "../pixels/iso-4217";
import { PixelConfig, PixelType } from "../pixels/pixel-config";
import {
  CONVERSION_TYPE_MAX_LENGTH,
  FIXED_PROPERTY_VALUE_MAX_LENGTH,
  MAX_PROPERTIES,
  isPropertyKey,
} from "../pixels/pixel-rules";

/** The fields a tracker sends, as received: nothing is checked yet. */
export interface RawCollectedEvent {
  pixel_id?: unknown;
  type?: unknown;
  conversion_type?: unknown;
  revenue?: unknown;
  currency?: unknown;
  properties?: unknown;
  event_id?: unknown;
  page_url?: unknown;
  referrer?: unknown;
  client_time?: unknown;
}

export type CollectedPropertyValue = string | number | boolean;

/** An event as stored and as `GET /saved-pixels/{id}/events` shows it. */
export interface NormalisedEvent {
  pixel_id: string;
  event_id: string;
  type: PixelType;
  conversion_type: string | null;
  revenue: number | null;
  currency: string | null;
  /** A prototype-less object whose keys all satisfy `isPropertyKey`. */
  properties: Record<string, CollectedPropertyValue>;
  page_url: string | null;
  referrer: string | null;
  client_time: string | null;
  received_at: string;
  warnings: string[];
}

/** The saved pixel an event claims to belong to. */
export interface CollectingPixel {
  id: string;
  config: PixelConfig;
}

export const RAW_EVENT_FIELDS = [
  "pixel_id",
  "type",
  "conversion_type",
  "revenue",
  "currency",
  "properties",
  "event_id",
  "page_url",
  "referrer",
  "client_time",
] as const satisfies readonly (keyof RawCollectedEvent)[];

/** Query parameter prefix of one property on `GET /collect.gif`: `prop.<key>=value`. */
export const PROPERTY_QUERY_PREFIX = "prop.";
export const EVENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const PLAIN_DECIMAL = /^\s*\d+(\.\d+)?\s*$/;
/** The largest revenue kept: a fixed revenue has at most 15 digits before the point. */
export const REVENUE_MAX = 1e15;
export const URL_MAX_LENGTH = 2048;
/** Warnings kept per event; past it one last warning says how many were left out. */
export const MAX_WARNINGS = 20;
/** How much of a rejected value a warning quotes. */
const QUOTE_MAX_LENGTH = 60;
/** Pixel ids as the service issues them (`pix_` + at least 6 lowercase letters or digits). */
export const PIXEL_ID_PATTERN = /^pix_[a-z0-9]{6,60}$/;
export const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

/** An object literal or JSON object (no arrays, no class instances). */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

function pickRawFields(source: Record<string, unknown>): RawCollectedEvent {
  const raw: RawCollectedEvent = Object.create(null);
  for (const field of RAW_EVENT_FIELDS) {
    if (hasOwn(source, field)) raw[field] = source[field];
  }
  return raw;
}

/**
 * A `POST /collect` body (the HTTP layer enforces the 16 KiB limit). `null` unless
 * it is JSON for an object; unknown fields are left out.
 */
export function parseCollectBody(text: string): RawCollectedEvent | null {
  if (typeof text !== "string") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
  return isPlainObject(parsed) ? pickRawFields(parsed) : null;
}

function firstString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value))
    return value.find((item): item is string => typeof item === "string");
  return undefined;
}

/**
 * A `GET /collect.gif` query: the body's field names, plus `prop.<key>` for each
 * property. A repeated parameter counts once (its first value). Every value is a
 * string, so a property sent this way is stored as text (`prop.qty=2` is `"2"`);
 * revenue still becomes a number when it is a plain decimal. `null` unless the query
 * is an object.
 */
export function parseCollectQuery(
  query: Record<string, string | string[] | undefined>,
): RawCollectedEvent | null {
  if (query === null || typeof query !== "object" || Array.isArray(query))
    return null;
  const raw: RawCollectedEvent = Object.create(null);
  let properties: Record<string, string> | undefined;
  for (const name of Object.keys(query)) {
    const value = firstString(query[name]);
    if (value === undefined) continue;
    if (name.startsWith(PROPERTY_QUERY_PREFIX)) {
      properties ??= Object.create(null) as Record<string, string>;
      const key = name.slice(PROPERTY_QUERY_PREFIX.length);
      if (!hasOwn(properties, key)) properties[key] = value;
    } else if (
      (RAW_EVENT_FIELDS as readonly string[]).includes(name) &&
      name !== "properties"
    ) {
      raw[name as keyof RawCollectedEvent] = value;
    }
  }
  if (properties) raw.properties = properties;
  return raw;
}

/**
 * The pixel id a raw event names, when it has the shape of one: lets the HTTP layer
 * skip the database lookup for junk. `null` otherwise.
 */
export function collectedPixelId(raw: RawCollectedEvent | null): string | null {
  const id = raw?.pixel_id;
  return typeof id === "string" && PIXEL_ID_PATTERN.test(id) ? id : null;
}

/** A value as a warning shows it: strings quoted and shortened, others by kind. */
function describe(value: unknown): string {
  if (typeof value === "string") {
    const shown =
      value.length > QUOTE_MAX_LENGTH
        ? `${truncate(value, QUOTE_MAX_LENGTH)}…`
        : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "number" || typeof value === "boolean")
    return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The first `max` UTF-16 units, without splitting a surrogate pair. */
function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Collects an event's warnings, at most MAX_WARNINGS of them (the last may be a count). */
class Warnings {
  private readonly list: string[] = [];
  private extra = 0;

  add(message: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(message);
    else this.extra++;
  }

  result(): string[] {
    if (this.extra === 0) return this.list;
    return [
      ...this.list.slice(0, MAX_WARNINGS - 1),
      `${this.extra + 1} more warnings not shown`,
    ];
  }
}

function isAbsent(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === "string" && value.trim() === "")
  );
}

function normaliseRevenue(value: unknown, warnings: Warnings): number | null {
  if (isAbsent(value)) return null;
  let amount: number;
  if (typeof value === "number") {
    if (!(value >= 0)) {
      const problem = Number.isNaN(value) ? "is not a number" : "is negative";
      warnings.add(`revenue ${describe(value)} ${problem}; dropped`);
      return null;
    }
    amount = value;
  } else if (typeof value === "string" && PLAIN_DECIMAL.test(value)) {
    amount = Number(value.trim());
  } else {
    warnings.add(`revenue ${describe(value)} is not a number; dropped`);
    return null;
  }
  if (amount <= REVENUE_MAX) return amount === 0 ? 0 : amount; // no -0
  warnings.add(`revenue ${describe(value)} is too large; dropped`);
  return null;
}

function normaliseCurrency(value: unknown, warnings: Warnings): string | null {
  if (isAbsent(value)) return null;
  if (typeof value === "string") {
    const code = value.trim().toUpperCase();
    if (isIso4217Code(code)) return code;
  }
  warnings.add(
    `currency ${describe(value)} is not an ISO 4217 currency code; dropped`,
  );
  return null;
}

// PostgreSQL text cannot hold U+0000 (SQLite can): one NUL in a stored field
// would fail the whole batch insert, so it is replaced where text is stored as is.

function withoutNul(field: string, value: string, warnings: Warnings): string {
  if (!value.includes("\u0000")) return value;
  warnings.add(`${field} contained NUL characters; replaced with U+FFFD`);
  return value.split("\u0000").join("\uFFFD");
}

function normaliseConversionType(
  value: unknown,
  warnings: Warnings,
): string | null {
  if (isAbsent(value)) return null;
  if (typeof value === "string") {
    const trimmed = withoutNul("conversion_type", value.trim(), warnings);
    if (trimmed.length <= CONVERSION_TYPE_MAX_LENGTH) return trimmed;
    warnings.add(
      `conversion_type is longer than ${CONVERSION_TYPE_MAX_LENGTH} characters; dropped`,
    );
    return null;
  }
  warnings.add(`conversion_type ${describe(value)} is not text; dropped`);
  return null;
}

function normaliseProperties(
  value: unknown,
  warnings: Warnings,
): Record<string, CollectedPropertyValue> {
  const properties: Record<string, CollectedPropertyValue> =
    Object.create(null);
  if (value === undefined || value === null) return properties;
  if (!isPlainObject(value)) {
    warnings.add(
      `properties is ${describe(value)}, not a plain object; dropped`,
    );
    return properties;
  }
  let kept = 0;
  let overLimit = 0;
  for (const key of Object.keys(value)) {
    if (!isPropertyKey(key)) {
      warnings.add(`property key ${describe(key)} is not a valid key; dropped`);
      continue;
    }
    const item = value[key];
    let stored: CollectedPropertyValue;
    if (typeof item === "string") {
      stored = truncate(item, FIXED_PROPERTY_VALUE_MAX_LENGTH);
      if (stored !== item) {
        warnings.add(
          `property "${key}" is longer than ${FIXED_PROPERTY_VALUE_MAX_LENGTH} characters; truncated`,
        );
      }
    } else if (typeof item === "number" && Number.isFinite(item)) {
      stored = item === 0 ? 0 : item; // no -0
    } else if (typeof item === "boolean") {
      stored = item;
    } else {
      warnings.add(
        `property "${key}" is ${describe(item)}, not text, a number or a boolean; dropped`,
      );
      continue;
    }
    if (kept >= MAX_PROPERTIES) {
      overLimit++;
      continue;
    }
    properties[key] = stored;
    kept++;
  }
  if (overLimit > 0) {
    warnings.add(
      `${overLimit} ${overLimit === 1 ? "property" : "properties"} over the limit of ${MAX_PROPERTIES}; dropped`,
    );
  }
  return properties;
}

function normaliseUrl(
  field: string,
  value: unknown,
  warnings: Warnings,
): string | null {
  if (isAbsent(value)) return null;
  if (
    typeof value !== "string" ||
    !/^https?:\/\//i.test(value) ||
    !URL.canParse(value)
  ) {
    warnings.add(`${field} ${describe(value)} is not an http(s) URL; dropped`);
    return null;
  }
  const url = withoutNul(field, value, warnings);
  if (url.length > URL_MAX_LENGTH) {
    warnings.add(
      `${field} is longer than ${URL_MAX_LENGTH} characters; truncated`,
    );
    return truncate(url, URL_MAX_LENGTH);
  }
  return url;
}

function normaliseClientTime(
  value: unknown,
  warnings: Warnings,
): string | null {
  if (isAbsent(value)) return null;
  if (typeof value === "string" && ISO_TIME.test(value)) {
    const time = Date.parse(value);
    if (Number.isFinite(time)) return new Date(time).toISOString();
  }
  warnings.add(
    `client_time ${describe(value)} is not an ISO 8601 time; dropped`,
  );
  return null;
}

function normaliseEventId(value: unknown, warnings: Warnings): string {
  if (typeof value === "string" && EVENT_ID_PATTERN.test(value)) return value;
  warnings.add(
    value === undefined || value === null
      ? "event_id is missing; the server assigned one"
      : `event_id ${describe(value)} is not 8-64 letters, digits, "_" or "-"; the server assigned one`,
  );
  return randomUUID();
}

/**
 * Checks a raw event against the saved pixel it names and returns it as stored.
 * `null` (drop the event) when `pixel_id` is missing, not a string, or not the
 * given pixel's id. Otherwise the event is kept and each bad field is dropped (or
 * truncated, or replaced) with a warning on the event:
 * - `type` other than the pixel's type: the pixel's type is recorded, with a warning;
 * - `revenue`: a non-negative number, or a plain decimal string, at most 1e15;
 * - `currency`: an ISO 4217 code (case and surrounding spaces ignored);
 * - `conversion_type`: text of at most 50 characters (trimmed);
 * - `properties`: at most 20 valid keys; text (truncated to 500), number or boolean;
 * - `event_id`: 8-64 of `[A-Za-z0-9_-]`, else a server UUID so the event still counts;
 * - `page_url`, `referrer`: http(s) URLs, truncated to 2048 characters;
 * - `client_time`: ISO 8601, stored in UTC.
 * Fields are checked on their own, not against the pixel's type: what arrived is kept.
 */
export function normaliseCollectedEvent(
  raw: RawCollectedEvent,
  pixel: CollectingPixel,
  receivedAt: Date,
): NormalisedEvent | null {
  if (raw === null || typeof raw !== "object") return null;
  const pixelId = raw.pixel_id;
  if (typeof pixelId !== "string" || pixelId !== pixel.id) return null;

  const warnings = new Warnings();
  const type = pixel.config.type;
  if (raw.type === undefined || raw.type === null) {
    warnings.add(`type is missing; recorded as the pixel's type "${type}"`);
  } else if (raw.type !== type) {
    warnings.add(
      `type ${describe(raw.type)} is not the pixel's type "${type}"; recorded as "${type}"`,
    );
  }

  const event_id = normaliseEventId(raw.event_id, warnings);
  const conversion_type = normaliseConversionType(
    raw.conversion_type,
    warnings,
  );
  const revenue = normaliseRevenue(raw.revenue, warnings);
  const currency = normaliseCurrency(raw.currency, warnings);
  const properties = normaliseProperties(raw.properties, warnings);
  const page_url = normaliseUrl("page_url", raw.page_url, warnings);
  const referrer = normaliseUrl("referrer", raw.referrer, warnings);
  const client_time = normaliseClientTime(raw.client_time, warnings);
  const received = Number.isFinite(receivedAt?.getTime?.())
    ? receivedAt
    : new Date();

  return {
    pixel_id: pixelId,
    event_id,
    type,
    conversion_type,
    revenue,
    currency,
    properties,
    page_url,
    referrer,
    client_time,
    received_at: received.toISOString(),
    warnings: warnings.result(),
  };
}
