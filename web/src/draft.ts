import {
  defaultConversionRules,
  defaultMinMinutesPerConv,
  hasConversionRules,
  POST_CLICK_EXPIRE_MINS_MAX,
  POST_VIEW_EXPIRE_MINS_MAX,
  type ConsentMode,
  type ConversionRules,
  type EventCategory,
  type PiggybackPixel,
  type TriggerType,
} from "../../src/pixels/conversion-rules";
import type {
  PixelConfig,
  PixelType,
  PixelValue,
  TargetPlatform,
  ValueSource,
} from "../../src/pixels/pixel-config";
import type { FieldErrors } from "./api/field-errors";
import {
  attributedValue,
  repeatDraft,
  repeatRule,
  valueText,
  windowDraft,
  windowMinutes,
  type Parsed,
  type RepeatDraft,
  type WindowDraft,
} from "./conversion-form";

/**
 * The editor's state: every control's text as typed, so nothing is lost when a
 * save fails. `toRequestBody` turns it into the API's shape.
 */
export interface PixelDraft {
  name: string;
  description: string;
  type: PixelType;
  conversion_type: string;
  target_platform: TargetPlatform;
  revenue: PixelValue;
  currency: PixelValue;
  properties: Array<{ key: string; source: ValueSource; value: string }>;
  /** §7 rules. Empty event category = none. */
  event_category: EventCategory | "";
  trigger_type: TriggerType;
  post_view: WindowDraft;
  post_click: WindowDraft;
  post_view_value: string;
  post_click_value: string;
  repeat: RepeatDraft;
  /**
   * The user picked a repeat rule (or the pixel is saved). Until then a new
   * pixel's rule follows its conversion type, as the server's default would.
   */
  repeat_chosen: boolean;
  piggyback_pixels: PiggybackPixel[];
  consent_mode: ConsentMode;
  /** The page variable holding the order id (config.transaction_id), empty = none. */
  transaction_id: string;
  /** §10: a pageview pixel also counts single-page-app navigations (config.history_pageviews). */
  history_pageviews: boolean;
}

/** A saved pixel as the API answers it (the fields the editor reads). */
export interface SavedPixelLike extends Partial<ConversionRules> {
  name: string;
  description?: string | null;
  config: PixelConfig;
  target_platform: TargetPlatform;
}

/** The §7 part of the form from a pixel's rules (a pageview's nulls become the conversion defaults). */
function rulesDraft(
  rules: ConversionRules,
  conversionType: string,
): Omit<PixelDraft, keyof BaseDraft> {
  const conversion =
    rules.trigger_type === null
      ? defaultConversionRules("conversion", conversionType)
      : rules;
  return {
    event_category: rules.event_category ?? "",
    trigger_type: conversion.trigger_type ?? "hybrid",
    post_view: windowDraft(conversion.post_view_expire_mins),
    post_click: windowDraft(conversion.post_click_expire_mins),
    post_view_value: valueText(conversion.post_view_value),
    post_click_value: valueText(conversion.post_click_value),
    repeat: repeatDraft(conversion.min_minutes_per_conv),
    repeat_chosen: false,
    piggyback_pixels: rules.piggyback_pixels.map((p) => ({ ...p })),
    consent_mode: rules.consent_mode,
    transaction_id: "",
    history_pageviews: false,
  };
}

type BaseDraft = Pick<
  PixelDraft,
  | "name"
  | "description"
  | "type"
  | "conversion_type"
  | "target_platform"
  | "revenue"
  | "currency"
  | "properties"
>;

export function emptyDraft(): PixelDraft {
  return {
    name: "",
    description: "",
    type: "conversion",
    conversion_type: "purchase",
    target_platform: "javascript",
    revenue: { source: "variable", value: "" },
    currency: { source: "fixed", value: "" },
    properties: [],
    ...rulesDraft(defaultConversionRules("conversion", "purchase"), "purchase"),
  };
}

export function draftFromPixel(pixel: SavedPixelLike): PixelDraft {
  const base = emptyDraft();
  const conversionType = pixel.config.conversion_type ?? "";
  const defaults = defaultConversionRules(pixel.config.type, conversionType);
  const rules: ConversionRules = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof ConversionRules)[])
    if (pixel[key] !== undefined)
      (rules as unknown as Record<string, unknown>)[key] = pixel[key];
  return {
    name: pixel.name,
    description: pixel.description ?? "",
    type: pixel.config.type,
    conversion_type: conversionType,
    target_platform: pixel.target_platform,
    revenue: pixel.config.revenue ?? base.revenue,
    currency: pixel.config.currency ?? base.currency,
    properties: (pixel.config.properties ?? []).map((p) => ({ ...p })),
    ...rulesDraft(rules, conversionType || "purchase"),
    repeat_chosen: true,
    transaction_id: pixel.config.transaction_id?.value ?? "",
    history_pageviews: pixel.config.history_pageviews === true,
  };
}

/**
 * A new conversion type; on a pixel whose repeat rule nobody chose yet, the
 * rule follows it (count all for orders, one per visitor otherwise), as the
 * server's creation default would.
 */
export function withConversionType(
  draft: PixelDraft,
  conversion_type: string,
): PixelDraft {
  return draft.repeat_chosen
    ? { ...draft, conversion_type }
    : {
        ...draft,
        conversion_type,
        repeat: {
          ...repeatDraft(defaultMinMinutesPerConv(conversion_type.trim())),
          minutes: draft.repeat.minutes,
        },
      };
}

/** The create/update body (the API's CreateSavedPixelDto / UpdateSavedPixelDto). */
export interface PixelRequestBody {
  name: string;
  description: string | null;
  config: PixelConfig;
  target_platform: TargetPlatform;
  event_category: EventCategory | null;
  trigger_type?: TriggerType;
  post_view_expire_mins?: number | null;
  post_click_expire_mins?: number | null;
  post_view_value?: number | null;
  post_click_value?: number | null;
  min_minutes_per_conv?: number | null;
  piggyback_pixels: PiggybackPixel[];
  consent_mode: ConsentMode;
}

/** The conversion-only numbers, parsed from the form's text. */
function conversionNumbers(draft: PixelDraft) {
  return {
    post_view_expire_mins: windowMinutes(
      draft.post_view,
      POST_VIEW_EXPIRE_MINS_MAX,
    ),
    post_click_expire_mins: windowMinutes(
      draft.post_click,
      POST_CLICK_EXPIRE_MINS_MAX,
    ),
    post_view_value: attributedValue(draft.post_view_value),
    post_click_value: attributedValue(draft.post_click_value),
    min_minutes_per_conv: repeatRule(draft.repeat),
  } satisfies Record<string, Parsed<number | null>>;
}

/**
 * What the form holds that cannot be sent at all (days that are not a number,
 * a window past its maximum, …), keyed by the API field the control stands for,
 * so the messages appear where the API's own would. Empty when all is sendable.
 */
export function draftProblems(draft: PixelDraft): FieldErrors {
  const problems: FieldErrors = {};
  if (!hasConversionRules(draft.type)) return problems;
  for (const [field, parsed] of Object.entries(conversionNumbers(draft)))
    if (!parsed.ok) problems[field] = [parsed.message];
  return problems;
}

/**
 * The create/update body. Controls that do not apply to the pixel type are
 * left out (their text stays in the draft, so switching back restores it);
 * empty optional values are left out rather than sent as "". A number the form
 * cannot parse is left out too: `draftProblems` reports it before saving.
 * `state` is never sent: the list's switch owns it.
 */
export function toRequestBody(draft: PixelDraft): PixelRequestBody {
  const conversion = hasConversionRules(draft.type);
  const config: PixelConfig = { type: draft.type };
  if (conversion) config.conversion_type = draft.conversion_type;
  if (draft.type === "conversion" && draft.revenue.value !== "")
    config.revenue = { ...draft.revenue };
  if (draft.currency.value !== "") config.currency = { ...draft.currency };
  if (conversion && draft.transaction_id.trim() !== "")
    config.transaction_id = { source: "variable", value: draft.transaction_id };
  // Only pageviews honour it (§10); the server refuses `true` on other types.
  if (draft.type === "pageview" && draft.history_pageviews)
    config.history_pageviews = true;
  if (draft.properties.length > 0)
    config.properties = draft.properties.map((p) => ({ ...p }));
  const body: PixelRequestBody = {
    name: draft.name,
    description: draft.description === "" ? null : draft.description,
    config,
    target_platform: draft.target_platform,
    event_category: draft.event_category === "" ? null : draft.event_category,
    piggyback_pixels: draft.piggyback_pixels.map((p) => ({ ...p })),
    consent_mode: draft.consent_mode,
  };
  if (conversion) {
    body.trigger_type = draft.trigger_type;
    for (const [field, parsed] of Object.entries(conversionNumbers(draft)))
      if (parsed.ok)
        (body as unknown as Record<string, unknown>)[field] = parsed.value;
  }
  return body;
}

/** Whether two drafts would save the same pixel (the "unsaved changes" test). */
export function sameDraft(a: PixelDraft, b: PixelDraft): boolean {
  const key = (d: PixelDraft) =>
    JSON.stringify([toRequestBody(d), draftProblems(d)]);
  return key(a) === key(b);
}
