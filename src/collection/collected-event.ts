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
import { parseAmount } from "../pixels/amount";
import { OMITTED_PARAMETER } from "../pixels/image-request";
import { isIso4217Code } from "../pixels/iso-4217";
import { PixelConfig, PixelType } from "../pixels/pixel-config";
import { truncateCharacters } from "../pixels/text";
import { isPixelId } from "../pixels/pixel-id";
import type { PiggybackPixel, PixelState } from "../pixels/conversion-rules";
import {
  attribute,
  Attribution,
  AttributionRules,
} from "../pixels/attribution";
import { normaliseTouchpoint } from "../pixels/touchpoint";
import { RememberedView, viewTouchpoint } from "./view-cookie";
import {
  NO_VISITOR_ID,
  normaliseTransactionId,
  normaliseVisitorId,
} from "./event-identity";
import { isTestEvent } from "./test-event";
import {
  CONVERSION_TYPE_MAX_LENGTH,
  FIXED_PROPERTY_VALUE_MAX_LENGTH,
  MAX_PROPERTIES,
  MAX_PROPERTY_LIST_ITEMS,
  isPropertyKey,
} from "../pixels/pixel-rules";
import {
  DROPPED_CODE_MAX_LENGTH,
  MAX_DROPPED,
  describeDroppedCode,
} from "../pixels/tracker-drops";

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
  /**
   * Set only by `parseCollectQuery`, never from a body: the request came from a
   * `<noscript>` image (`noscript=1`), which cannot send an event id.
   */
  noscript?: boolean;
  /**
   * Set only by `parseStubBatch`, never from a body: the stub's leave-time beacon
   * (stub-batch.ts) sends no event id and each call once, so a missing one is
   * assigned without a warning, as for a `<noscript>` image.
   */
  assignEventId?: boolean;
  /** Set only by `parseCollectQuery`: the names an image request left out (`spx_omitted`). */
  omitted?: string[];
  transaction_id?: unknown;
  visitor_id?: unknown;
  /** The tracker's codes for what it left out (src/pixels/tracker-drops.ts). */
  dropped?: unknown;
  /** §8: the click or view that brought the visitor (src/pixels/touchpoint.ts). */
  touchpoint?: unknown;
  /**
   * Set only by the HTTP layer, never from a body or query: the views the
   * request's signed view cookie remembers (src/collection/view-cookie.ts).
   */
  views?: RememberedView[];
  /**
   * §10: `"denied"` when the page did not grant the consent the event needs
   * (consent_mode advanced, or a `<noscript>` image of one): see `consent_denied`.
   */
  consent?: unknown;
  /** §9: marks a test event (src/collection/test-event.ts). */
  test_event_code?: unknown;
}

/** A stored property value: text, a number, a boolean, or a list of text and numbers. */
export type CollectedPropertyValue =
  string | number | boolean | (string | number)[];

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
  /** §7: the order id the page sent, and the visitor's id from the tracker's cookie. */
  transaction_id: string | null;
  visitor_id: string | null;
  /** How it arrived: `browser` (POST /collect), `image` (GET /collect.gif), `server` (later). */
  source: EventSource;
  /** §7: whether it counts, and why not. Provisional until the batch is written (see ConversionCounter). */
  counted: boolean;
  not_counted_reason: NotCountedReason | null;
  /**
   * The pixel's `min_minutes_per_conv` when the event arrived (0, count all, for
   * pageviews). Read when the batch is written; not stored with the event.
   */
  repeat_rule: number | null;
  /** §8: the touchpoint credited with a conversion (never a pageview), or null. */
  attribution: Attribution | null;
  /** §8: the revenue, else the credited touchpoint's post_click_value / post_view_value, else null. */
  value: number | null;
  /**
   * §10: sent without consent. Counted, never attributed, the repeat rule does
   * not apply and piggybacks do not fire; any visitor id or touchpoint it carried
   * was dropped. Absent otherwise. Not stored as a column.
   */
  consent_denied?: true;
  /** §9: a test event (a valid `test_event_code`): stored, never counted, never in status or reports. */
  test: boolean;
}

export type EventSource = "browser" | "image" | "server";
/** Why a stored event does not count (contract §7 and §9). */
export const NOT_COUNTED_REASONS = [
  "pixel_inactive",
  "duplicate_transaction",
  "repeat_conversion",
  "test_event",
] as const;
export type NotCountedReason = (typeof NOT_COUNTED_REASONS)[number];

/** The saved pixel an event claims to belong to. */
export interface CollectingPixel {
  id: string;
  config: PixelConfig;
  /** §7; absent means the defaults (active, count all). */
  state?: PixelState;
  min_minutes_per_conv?: number | null;
  piggyback_pixels?: PiggybackPixel[];
  /** The owner's account: whose view cookie entry applies (§8). Never shown to a page. */
  account_id?: string;
  /** §7 trigger type, windows and values; absent or null means no attribution. */
  attribution_rules?: AttributionRules | null;
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
  "transaction_id",
  "visitor_id",
  "dropped",
  "touchpoint",
  "consent",
  "test_event_code",
] as const satisfies readonly (keyof RawCollectedEvent)[];

/** Query parameter prefix of one property on `GET /collect.gif`: `prop.<key>=value`. */
export const PROPERTY_QUERY_PREFIX = "prop.";
/** Query parameter prefix of a touchpoint field on `GET /collect.gif`: `tp.campaign=spring`. */
export const TOUCHPOINT_QUERY_PREFIX = "tp.";
/** Query parameter suffix of a list property: `prop.<key>[]=item`, once per item. */
export const LIST_QUERY_SUFFIX = "[]";
export const EVENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** The largest revenue kept: a fixed revenue has at most 15 digits before the point. */
export const REVENUE_MAX = 1e15;
export const URL_MAX_LENGTH = 2048;
/** Warnings kept per event; past it one last warning says how many were left out. */
export const MAX_WARNINGS = 20;
/** How much of a rejected value a warning quotes. */
const QUOTE_MAX_LENGTH = 60;
/** A name in `spx_omitted`: a property key or payload field name. */
const OMITTED_NAME = /^[A-Za-z_][A-Za-z0-9_.]{0,99}$/;
const MAX_OMITTED_NAMES = 50;
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

/**
 * The known fields of an object (a parsed JSON body), and nothing else: fields only
 * the image query sets (`noscript`, `omitted`) cannot come from a body.
 */
export function pickRawFields(
  source: Record<string, unknown>,
): RawCollectedEvent {
  const raw: RawCollectedEvent = Object.create(null);
  for (const field of RAW_EVENT_FIELDS) {
    if (hasOwn(source, field)) raw[field] = source[field];
  }
  return raw;
}

/**
 * A `POST /collect` body (the HTTP layer enforces the 64 KiB limit). `null` unless
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

/** Every string value of a parameter, in order. */
function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value))
    return value.filter((item): item is string => typeof item === "string");
  return [];
}

/**
 * A `GET /collect.gif` query: the body's field names, plus `prop.<key>` for each
 * property and `prop.<key>[]` once per item of a list property. A repeated
 * parameter counts once (its first value), except list items and `dropped` (every
 * value, in order). Every value is a string, so a property sent this way is
 * stored as text (`prop.qty=2` is `"2"`); revenue still becomes a number when
 * `parseAmount` reads one. `noscript=1` marks a `<noscript>` image; `spx_omitted=a,b`
 * names what the request left out to keep its URL short (identifier-like names
 * only, at most MAX_OMITTED_NAMES). Without `page_url`, the `Referer` the browser
 * sent (`referer`) is the page's URL. `null` unless the query is an object.
 */
export function parseCollectQuery(
  query: Record<string, string | string[] | undefined>,
  referer?: string,
): RawCollectedEvent | null {
  if (query === null || typeof query !== "object" || Array.isArray(query))
    return null;
  const raw: RawCollectedEvent = Object.create(null);
  let properties: Record<string, string | string[]> | undefined;
  let touchpoint: Record<string, string> | undefined;
  for (const name of Object.keys(query)) {
    if (
      name.startsWith(PROPERTY_QUERY_PREFIX) &&
      name.endsWith(LIST_QUERY_SUFFIX) &&
      name.length > PROPERTY_QUERY_PREFIX.length + LIST_QUERY_SUFFIX.length
    ) {
      properties ??= Object.create(null) as Record<string, string | string[]>;
      const key = name.slice(
        PROPERTY_QUERY_PREFIX.length,
        -LIST_QUERY_SUFFIX.length,
      );
      if (!hasOwn(properties, key)) properties[key] = allStrings(query[name]);
      continue;
    }
    if (name === "dropped") {
      raw.dropped = allStrings(query[name]);
      continue;
    }
    const value = firstString(query[name]);
    if (value === undefined) continue;
    if (
      name.startsWith(TOUCHPOINT_QUERY_PREFIX) &&
      name.length > TOUCHPOINT_QUERY_PREFIX.length
    ) {
      touchpoint ??= Object.create(null) as Record<string, string>;
      const field = name.slice(TOUCHPOINT_QUERY_PREFIX.length);
      if (!hasOwn(touchpoint, field)) touchpoint[field] = value;
    } else if (name.startsWith(PROPERTY_QUERY_PREFIX)) {
      properties ??= Object.create(null) as Record<string, string | string[]>;
      const key = name.slice(PROPERTY_QUERY_PREFIX.length);
      if (!hasOwn(properties, key)) properties[key] = value;
    } else if (name === "noscript") {
      raw.noscript = value === "1";
    } else if (name === OMITTED_PARAMETER) {
      raw.omitted = value
        .split(",")
        .filter((item) => OMITTED_NAME.test(item))
        .slice(0, MAX_OMITTED_NAMES);
    } else if (
      (RAW_EVENT_FIELDS as readonly string[]).includes(name) &&
      name !== "properties" &&
      name !== "touchpoint"
    ) {
      raw[
        name as Exclude<
          keyof RawCollectedEvent,
          "noscript" | "omitted" | "views" | "assignEventId"
        >
      ] = value;
    }
  }
  if (properties) raw.properties = properties;
  if (touchpoint) raw.touchpoint = touchpoint;
  if (isAbsent(raw.page_url) && typeof referer === "string" && referer !== "")
    raw.page_url = referer;
  return raw;
}

/**
 * The pixel id a raw event names, when it has the shape of one: lets the HTTP layer
 * skip the database lookup for junk. `null` otherwise.
 */
export function collectedPixelId(raw: RawCollectedEvent | null): string | null {
  const id = raw?.pixel_id;
  return isPixelId(id) ? id : null;
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

/**
 * Revenue through the shared amount parser, with the event's currency deciding
 * "4.350" (EUR: 4350, BHD: 4.35). A refused amount is dropped with a warning; one
 * read one way of two (no currency) is kept with a warning saying how it was read.
 */
function normaliseRevenue(
  value: unknown,
  currency: string | null,
  warnings: Warnings,
): number | null {
  const parsed = parseAmount(value, currency);
  if (parsed.value === null) {
    if (parsed.warning !== null)
      warnings.add(`revenue ${describe(value)} ${parsed.warning}; dropped`);
    return null;
  }
  if (parsed.value > REVENUE_MAX) {
    warnings.add(`revenue ${describe(value)} is too large; dropped`);
    return null;
  }
  if (parsed.warning !== null)
    warnings.add(`revenue ${describe(value)} ${parsed.warning}`);
  return parsed.value;
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

/** A text value (or list item) as stored: truncated, with a warning. */
function propertyText(key: string, text: string, warnings: Warnings): string {
  const stored = truncateCharacters(text, FIXED_PROPERTY_VALUE_MAX_LENGTH);
  if (stored !== text) {
    warnings.add(
      `property "${key}" is longer than ${FIXED_PROPERTY_VALUE_MAX_LENGTH} characters; truncated`,
    );
  }
  return stored;
}

/**
 * A list value as stored: at most MAX_PROPERTY_LIST_ITEMS items, each text (as a
 * text value is) or a finite number. `null` (dropped, with a warning naming the
 * key and why) otherwise. A truncation warning is given once per list.
 */
function propertyList(
  key: string,
  items: unknown[],
  warnings: Warnings,
): (string | number)[] | null {
  if (items.length > MAX_PROPERTY_LIST_ITEMS) {
    warnings.add(
      `property "${key}" is a list of ${items.length} items, more than ${MAX_PROPERTY_LIST_ITEMS}; dropped`,
    );
    return null;
  }
  const stored: (string | number)[] = [];
  const itemWarnings = new Warnings();
  for (const item of items) {
    if (typeof item === "string") {
      stored.push(propertyText(key, item, itemWarnings));
    } else if (typeof item === "number" && Number.isFinite(item)) {
      stored.push(item === 0 ? 0 : item);
    } else {
      warnings.add(
        `property "${key}" is a list holding ${describe(item)}, not only text and finite numbers; dropped`,
      );
      return null;
    }
  }
  for (const message of new Set(itemWarnings.result())) warnings.add(message);
  return stored;
}

/**
 * The tracker's own report of what it left out (`dropped`, codes from
 * src/pixels/tracker-drops.ts), as warnings. A list that is not a list of codes
 * is itself reported, never trusted as text.
 */
function normaliseDropped(value: unknown, warnings: Warnings): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    warnings.add(`dropped ${describe(value)} is not a list of codes; ignored`);
    return;
  }
  let unknown = 0;
  for (const code of value.slice(0, MAX_DROPPED)) {
    const sentence =
      typeof code === "string" && code.length <= DROPPED_CODE_MAX_LENGTH
        ? describeDroppedCode(code)
        : null;
    if (sentence === null) unknown++;
    else warnings.add(sentence);
  }
  unknown += Math.max(0, value.length - MAX_DROPPED);
  if (unknown > 0) {
    warnings.add(
      `the tracker reported ${unknown} more dropped ${unknown === 1 ? "value" : "values"} the server cannot name`,
    );
  }
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
      stored = propertyText(key, item, warnings);
    } else if (typeof item === "number" && Number.isFinite(item)) {
      stored = item === 0 ? 0 : item; // no -0
    } else if (typeof item === "boolean") {
      stored = item;
    } else if (Array.isArray(item)) {
      const list = propertyList(key, item, warnings);
      if (list === null) continue;
      stored = list;
    } else {
      warnings.add(
        `property "${key}" is ${describe(item)}, not text, a number, a boolean or a list; dropped`,
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

/**
 * A `<noscript>` image cannot send an event id (its URL is fixed in the page),
 * and the stub's leave-time beacon leaves it to the server (stub-batch.ts), so
 * their missing id gets no warning (`silent`): nobody could act on it.
 */
function normaliseEventId(
  value: unknown,
  silent: boolean,
  warnings: Warnings,
): string {
  if (typeof value === "string" && EVENT_ID_PATTERN.test(value)) return value;
  if (silent && (value === undefined || value === null)) return randomUUID();
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
 * - `revenue`: a non-negative amount at most 1e15: a number, or a string as
 *   `parseAmount` reads it with the event's currency (kept with a warning when
 *   no currency decides "4.350");
 * - `currency`: an ISO 4217 code (case and surrounding spaces ignored);
 * - `conversion_type`: text of at most 50 characters (trimmed);
 * - `properties`: at most 20 valid keys; text (truncated to 500 characters, as the
 *   contract counts them: code points), number, boolean, or a list of at most 50
 *   text (truncated likewise) and finite-number items;
 * - `dropped`: the tracker's codes for what it left out, each a warning;
 * - `event_id`: 8-64 of `[A-Za-z0-9_-]`, else a server UUID so the event still counts
 *   (silently for a `<noscript>` image or the stub's leave-time beacon, which send none);
 * - `page_url`, `referrer`: http(s) URLs, truncated to 2048 characters;
 * - `client_time`: ISO 8601, stored in UTC;
 * - `omitted` (an image request's `spx_omitted`): a warning naming what was left out;
 * - `test_event_code`: 1-50 characters make a test event (`test`, not counted,
 *   `not_counted_reason: "test_event"`); any other value is dropped with a warning.
 * Fields are checked on their own, not against the pixel's type: what arrived is kept.
 */
export function normaliseCollectedEvent(
  raw: RawCollectedEvent,
  pixel: CollectingPixel,
  receivedAt: Date,
  source: EventSource = "browser",
): NormalisedEvent | null {
  if (raw === null || typeof raw !== "object") return null;
  const pixelId = raw.pixel_id;
  if (typeof pixelId !== "string" || pixelId !== pixel.id) return null;

  const warnings = new Warnings();
  normaliseDropped(raw.dropped, warnings);
  const type = pixel.config.type;
  if (raw.type === undefined || raw.type === null) {
    warnings.add(`type is missing; recorded as the pixel's type "${type}"`);
  } else if (raw.type !== type) {
    warnings.add(
      `type ${describe(raw.type)} is not the pixel's type "${type}"; recorded as "${type}"`,
    );
  }

  const event_id = normaliseEventId(
    raw.event_id,
    raw.noscript === true || raw.assignEventId === true,
    warnings,
  );
  const conversion_type = normaliseConversionType(
    raw.conversion_type,
    warnings,
  );
  const currency = normaliseCurrency(raw.currency, warnings);
  const revenue = normaliseRevenue(raw.revenue, currency, warnings);
  const properties = normaliseProperties(raw.properties, warnings);
  const page_url = normaliseUrl("page_url", raw.page_url, warnings);
  const referrer = normaliseUrl("referrer", raw.referrer, warnings);
  const client_time = normaliseClientTime(raw.client_time, warnings);
  if (Array.isArray(raw.omitted)) {
    warnings.add(
      raw.omitted.length > 0
        ? `the image request left out what did not fit in its URL: ${raw.omitted.join(", ")}`
        : "the image request left out values that did not fit in its URL",
    );
  }
  const warn = (message: string) => warnings.add(message);
  const transaction_id = normaliseTransactionId(raw.transaction_id, warn);
  // §10: a denied event is cookieless whatever it carried.
  const denied = raw.consent === "denied";
  const visitor_id = denied ? null : normaliseVisitorId(raw.visitor_id, warn);
  const conversion = type === "conversion" || type === "microconversion";
  // §7: without a visitor the repeat rule cannot apply; the event still counts.
  if (conversion && visitor_id === null && !denied) warn(NO_VISITOR_ID);
  const inactive = pixel.state === "inactive";
  const test = isTestEvent(raw.test_event_code, warn);
  const received = Number.isFinite(receivedAt?.getTime?.())
    ? receivedAt
    : new Date();
  // §8: the payload's touchpoint fills its own slot; the view cookie supplies
  // the view when the payload has none (an event may have both).
  // §10: an event sent without consent is never attributed: no touchpoint is
  // read from it, nor from the view cookie.
  const touchpoint = denied ? null : normaliseTouchpoint(raw.touchpoint, warn);
  const click = touchpoint?.type === "click" ? touchpoint : null;
  const view =
    touchpoint?.type === "view"
      ? touchpoint
      : denied
        ? null
        : viewTouchpoint(
            Array.isArray(raw.views) ? raw.views : [],
            pixel.account_id,
            received,
          );
  const { attribution, value } = attribute(
    type,
    pixel.attribution_rules ?? null,
    { click, view },
    revenue,
    received,
  );

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
    transaction_id,
    visitor_id,
    source,
    // A test event is never counted, whatever the pixel's state: it says why first.
    counted: !inactive && !test,
    not_counted_reason: test
      ? "test_event"
      : inactive
        ? "pixel_inactive"
        : null,
    repeat_rule:
      conversion && pixel.min_minutes_per_conv !== undefined && !denied
        ? pixel.min_minutes_per_conv
        : 0,
    attribution,
    value,
    ...(denied ? { consent_denied: true as const } : {}),
    test,
  };
}
