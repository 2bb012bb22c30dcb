/**
 * Contract §7, the conversion rules a saved pixel carries beside its `config`:
 * the user's on/off switch, Xandr's conversion-event category, trigger type,
 * attribution windows and values, the repeat-conversion rule, piggyback pixels
 * and the consent mode. Pure (no Nest), so the DTOs, the collector and a builder
 * UI share one set of values, defaults, bounds and messages.
 *
 * Sources: Xandr Conversion Pixel service (seed `000_…`, field names kept), the
 * Monetize create-pixel flow (seed `004_…`, labels kept).
 */
import type { PixelType } from "./pixel-config";

export const PIXEL_STATES = ["active", "inactive"] as const;
export type PixelState = (typeof PIXEL_STATES)[number];

/** Xandr `pixel_conversion_event_id` 2–8, in its order, with the Monetize labels. */
export const EVENT_CATEGORIES = [
  { value: "landing_page", label: "Visit landing page", xandr_id: 2 },
  { value: "item_view", label: "View an item", xandr_id: 3 },
  { value: "add_to_cart", label: "Add to cart", xandr_id: 4 },
  { value: "initiate_checkout", label: "Initiate checkout", xandr_id: 5 },
  { value: "add_payment_info", label: "Add payment info", xandr_id: 6 },
  { value: "purchase", label: "Purchase", xandr_id: 7 },
  { value: "lead", label: "Generate lead", xandr_id: 8 },
] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number]["value"];
export const EVENT_CATEGORY_VALUES: readonly EventCategory[] =
  EVENT_CATEGORIES.map((category) => category.value);

export const TRIGGER_TYPES = [
  { value: "hybrid", label: "Hybrid" },
  { value: "view", label: "View" },
  { value: "click", label: "Click" },
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number]["value"];
export const TRIGGER_TYPE_VALUES: readonly TriggerType[] = TRIGGER_TYPES.map(
  (type) => type.value,
);

export const PIGGYBACK_PIXEL_TYPES = [
  { value: "img", label: "Image" },
  { value: "js", label: "JavaScript" },
] as const;
export type PiggybackPixelType =
  (typeof PIGGYBACK_PIXEL_TYPES)[number]["value"];
export const PIGGYBACK_PIXEL_TYPE_VALUES: readonly PiggybackPixelType[] =
  PIGGYBACK_PIXEL_TYPES.map((type) => type.value);

export const CONSENT_MODES = ["off", "basic", "advanced"] as const;
export type ConsentMode = (typeof CONSENT_MODES)[number];

/** Xandr's maxima: 30 days of view-through, 90 days of click-through, 32767 minutes between repeats. */
export const POST_VIEW_EXPIRE_MINS_MAX = 43200;
export const POST_CLICK_EXPIRE_MINS_MAX = 129600;
export const MIN_MINUTES_PER_CONV_MAX = 32767;
export const DEFAULT_POST_VIEW_EXPIRE_MINS = 1440;
export const DEFAULT_POST_CLICK_EXPIRE_MINS = 20160;
export const MAX_PIGGYBACK_PIXELS = 10;
export const PIGGYBACK_URL_MAX_LENGTH = 2048;
/** The largest attributed value kept: the same ceiling as a collected revenue. */
export const POST_VALUE_MAX = 1e15;

/** Conversion types that count every order by default (ad platforms advise it for purchases). */
export const COUNT_ALL_CONVERSION_TYPES: ReadonlySet<string> = new Set([
  "purchase",
  "add_to_cart",
  "begin_checkout",
]);

export interface PiggybackPixel {
  pixel_type: PiggybackPixelType;
  url: string;
}

/** The §7 fields as stored and as `GET /saved-pixels/{id}` shows them. */
export interface ConversionRules {
  state: PixelState;
  event_category: EventCategory | null;
  trigger_type: TriggerType | null;
  post_view_expire_mins: number | null;
  post_click_expire_mins: number | null;
  post_view_value: number | null;
  post_click_value: number | null;
  min_minutes_per_conv: number | null;
  piggyback_pixels: PiggybackPixel[];
  consent_mode: ConsentMode;
}

/** The fields that belong to conversions and microconversions only (null on a pageview). */
export const CONVERSION_ONLY_FIELDS = [
  "trigger_type",
  "post_view_expire_mins",
  "post_click_expire_mins",
  "post_view_value",
  "post_click_value",
  "min_minutes_per_conv",
] as const satisfies readonly (keyof ConversionRules)[];

export const CONVERSION_RULE_FIELDS = [
  "state",
  "event_category",
  ...CONVERSION_ONLY_FIELDS,
  "piggyback_pixels",
  "consent_mode",
] as const satisfies readonly (keyof ConversionRules)[];

export type ConversionRulesInput = { [K in keyof ConversionRules]?: unknown };

/** A rejected field: its dotted path and what would be accepted. */
export interface RuleError {
  field: string;
  message: string;
}

export function hasConversionRules(type: PixelType): boolean {
  return type === "conversion" || type === "microconversion";
}

/** `min_minutes_per_conv` at creation: `0` (count all) for order-like conversion types, else `null` (one per visitor). */
export function defaultMinMinutesPerConv(
  conversionType: string | null | undefined,
): number | null {
  return conversionType !== undefined &&
    conversionType !== null &&
    COUNT_ALL_CONVERSION_TYPES.has(conversionType)
    ? 0
    : null;
}

/** Every field at its default for a new pixel of this type and conversion type. */
export function defaultConversionRules(
  type: PixelType,
  conversionType?: string | null,
): ConversionRules {
  const conversion = hasConversionRules(type);
  return {
    state: "active",
    event_category: null,
    trigger_type: conversion ? "hybrid" : null,
    post_view_expire_mins: conversion ? DEFAULT_POST_VIEW_EXPIRE_MINS : null,
    post_click_expire_mins: conversion ? DEFAULT_POST_CLICK_EXPIRE_MINS : null,
    post_view_value: null,
    post_click_value: null,
    min_minutes_per_conv: conversion
      ? defaultMinMinutesPerConv(conversionType)
      : null,
    piggyback_pixels: [],
    consent_mode: "off",
  };
}

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

function oneOf(values: readonly string[]): string {
  return `must be one of ${values.map((value) => `"${value}"`).join(", ")}`;
}

function integerIn(
  value: unknown,
  min: number,
  max: number,
  nullMeaning: string,
): string | null {
  if (value === null) return null;
  return typeof value === "number" &&
    Number.isInteger(value) &&
    value >= min &&
    value <= max
    ? null
    : `must be a whole number from ${min} to ${max}, or null (${nullMeaning})`;
}

function postValue(value: unknown): string | null {
  if (value === null) return null;
  return typeof value === "number" &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= POST_VALUE_MAX
    ? null
    : `must be a number from 0 to ${POST_VALUE_MAX}, or null`;
}

/**
 * Why a piggyback URL is refused, or null when it is fine: an absolute `http:` or
 * `https:` URL, without user or password, at most 2048 characters, with no
 * control characters or spaces (a browser would strip or encode them, so the
 * URL that fires would not be the one saved). Placeholders such as
 * `{transaction_id}` are allowed where the URL has them.
 */
export function piggybackUrlProblem(url: unknown): string | null {
  if (typeof url !== "string") return "must be a string";
  if (url.length > PIGGYBACK_URL_MAX_LENGTH)
    return `must be at most ${PIGGYBACK_URL_MAX_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(url))
    return "must not contain spaces or control characters";
  if (!/^https?:\/\//i.test(url))
    return 'must be an absolute URL starting with "https://" or "http://"';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be a valid absolute URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return 'must be an absolute URL starting with "https://" or "http://"';
  if (parsed.hostname === "") return "must name a host";
  if (
    parsed.username !== "" ||
    parsed.password !== "" ||
    /^[^/]*\/\/[^/?#]*@/.test(url)
  )
    return "must not contain a user name or password";
  return null;
}

function piggybackErrors(value: unknown, field: string): RuleError[] {
  if (!Array.isArray(value))
    return [{ field, message: "must be a list of {pixel_type, url} objects" }];
  if (value.length > MAX_PIGGYBACK_PIXELS)
    return [
      {
        field,
        message: `must contain at most ${MAX_PIGGYBACK_PIXELS} piggyback pixels`,
      },
    ];
  const errors: RuleError[] = [];
  value.forEach((item: unknown, index) => {
    const path = `${field}.${index}`;
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      errors.push({
        field: path,
        message: "must be a {pixel_type, url} object",
      });
      return;
    }
    const record = item as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key !== "pixel_type" && key !== "url")
        errors.push({
          field: `${path}.${key}`,
          message: "is not a known field",
        });
    }
    if (
      typeof record.pixel_type !== "string" ||
      !(PIGGYBACK_PIXEL_TYPE_VALUES as readonly string[]).includes(
        record.pixel_type,
      )
    )
      errors.push({
        field: `${path}.pixel_type`,
        message: oneOf(PIGGYBACK_PIXEL_TYPE_VALUES),
      });
    const problem = piggybackUrlProblem(record.url);
    if (problem) errors.push({ field: `${path}.url`, message: problem });
  });
  return errors;
}

/**
 * Checks the §7 fields present in a create or update request (absent ones are
 * not checked) for a pixel of `type`. Field paths are top-level (`state`,
 * `piggyback_pixels.0.url`). A non-null conversion-only field on a pageview is
 * refused.
 */
export function conversionRuleErrors(
  input: ConversionRulesInput,
  type: PixelType | undefined,
): RuleError[] {
  const errors: RuleError[] = [];
  const check = (field: keyof ConversionRules, message: string | null) => {
    if (message !== null) errors.push({ field, message });
  };
  const given = (field: keyof ConversionRules) =>
    hasOwn(input, field) && input[field] !== undefined;

  if (given("state"))
    check(
      "state",
      (PIXEL_STATES as readonly unknown[]).includes(input.state)
        ? null
        : oneOf(PIXEL_STATES),
    );
  if (given("event_category"))
    check(
      "event_category",
      input.event_category === null ||
        (EVENT_CATEGORY_VALUES as readonly unknown[]).includes(
          input.event_category,
        )
        ? null
        : `${oneOf(EVENT_CATEGORY_VALUES)}, or null`,
    );
  if (given("consent_mode"))
    check(
      "consent_mode",
      (CONSENT_MODES as readonly unknown[]).includes(input.consent_mode)
        ? null
        : oneOf(CONSENT_MODES),
    );
  if (given("piggyback_pixels"))
    errors.push(...piggybackErrors(input.piggyback_pixels, "piggyback_pixels"));

  for (const field of CONVERSION_ONLY_FIELDS) {
    if (!given(field)) continue;
    const value = input[field];
    if (type === "pageview") {
      if (value !== null)
        errors.push({
          field,
          message: "is only allowed on conversion and microconversion pixels",
        });
      continue;
    }
    switch (field) {
      case "trigger_type":
        check(
          field,
          (TRIGGER_TYPE_VALUES as readonly unknown[]).includes(value)
            ? null
            : oneOf(TRIGGER_TYPE_VALUES),
        );
        break;
      case "post_view_expire_mins":
        check(field, integerIn(value, 1, POST_VIEW_EXPIRE_MINS_MAX, "= 43200"));
        break;
      case "post_click_expire_mins":
        check(
          field,
          integerIn(value, 1, POST_CLICK_EXPIRE_MINS_MAX, "= 129600"),
        );
        break;
      case "post_view_value":
      case "post_click_value":
        check(field, postValue(value));
        break;
      case "min_minutes_per_conv":
        check(
          field,
          integerIn(
            value,
            0,
            MIN_MINUTES_PER_CONV_MAX,
            "one conversion per visitor; 0 counts all",
          ),
        );
        break;
    }
  }
  return errors;
}

/**
 * The rules after a create or update: `previous` (null on create: the defaults
 * for this type) with the given fields applied. A pixel that is (or becomes) a
 * pageview has every conversion-only field null; one that becomes a conversion
 * from a pageview gets their creation defaults for what the request leaves out.
 * Assumes `conversionRuleErrors` found nothing.
 */
export function applyConversionRules(
  previous: ConversionRules | null,
  input: ConversionRulesInput,
  type: PixelType,
  conversionType: string | null | undefined,
): ConversionRules {
  const defaults = defaultConversionRules(type, conversionType);
  const wasConversion = previous !== null && previous.trigger_type !== null;
  const base: ConversionRules =
    previous === null
      ? defaults
      : hasConversionRules(type) && !wasConversion
        ? {
            ...previous,
            ...pickConversionOnly(defaults),
          }
        : { ...previous, piggyback_pixels: [...previous.piggyback_pixels] };
  const next = { ...base } as Record<keyof ConversionRules, unknown>;
  for (const field of CONVERSION_RULE_FIELDS) {
    if (hasOwn(input, field) && input[field] !== undefined)
      next[field] = input[field];
  }
  if (Array.isArray(next.piggyback_pixels))
    next.piggyback_pixels = (next.piggyback_pixels as PiggybackPixel[]).map(
      (pixel) => ({ pixel_type: pixel.pixel_type, url: pixel.url }),
    );
  if (!hasConversionRules(type))
    for (const field of CONVERSION_ONLY_FIELDS) next[field] = null;
  return next as ConversionRules;
}

function pickConversionOnly(
  rules: ConversionRules,
): Pick<ConversionRules, (typeof CONVERSION_ONLY_FIELDS)[number]> {
  return {
    trigger_type: rules.trigger_type,
    post_view_expire_mins: rules.post_view_expire_mins,
    post_click_expire_mins: rules.post_click_expire_mins,
    post_view_value: rules.post_view_value,
    post_click_value: rules.post_click_value,
    min_minutes_per_conv: rules.min_minutes_per_conv,
  };
}

/**
 * A pixel's rules from their stored form (`state` and the JSON of the others),
 * with the defaults of its type for anything missing or unreadable.
 */
export function storedConversionRules(
  state: string | null | undefined,
  json: string | null | undefined,
  type: PixelType,
  conversionType: string | null | undefined,
): ConversionRules {
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(json ?? "{}");
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
      stored = parsed as Record<string, unknown>;
  } catch {
    // Unreadable: the defaults, rather than failing a read or an event.
  }
  const rules = { ...defaultConversionRules(type, conversionType) } as Record<
    keyof ConversionRules,
    unknown
  >;
  for (const field of CONVERSION_RULE_FIELDS) {
    if (hasOwn(stored, field)) rules[field] = stored[field];
  }
  if (state === "active" || state === "inactive") rules.state = state;
  return rules as ConversionRules;
}
