import { applyDecorators } from "@nestjs/common";
import {
  ApiProperty,
  ApiPropertyOptional,
  ApiPropertyOptions,
} from "@nestjs/swagger";
import { Allow } from "class-validator";
import {
  CONSENT_MODES,
  COUNT_ALL_CONVERSION_TYPES,
  DEFAULT_POST_CLICK_EXPIRE_MINS,
  DEFAULT_POST_VIEW_EXPIRE_MINS,
  EVENT_CATEGORY_VALUES,
  MAX_PIGGYBACK_PIXELS,
  MIN_MINUTES_PER_CONV_MAX,
  PIGGYBACK_PIXEL_TYPE_VALUES,
  PIGGYBACK_URL_MAX_LENGTH,
  PIXEL_STATES,
  POST_CLICK_EXPIRE_MINS_MAX,
  POST_VALUE_MAX,
  POST_VIEW_EXPIRE_MINS_MAX,
  TRIGGER_TYPE_VALUES,
} from "../../pixels/conversion-rules";
import type {
  ConsentMode,
  EventCategory,
  PiggybackPixelType,
  PixelState,
  TriggerType,
} from "../../pixels/conversion-rules";

const CONVERSION_ONLY =
  "Conversions and microconversions only: null on a pageview (a non-null value there is 400).";

export class PiggybackPixelDto {
  @ApiProperty({ enum: PIGGYBACK_PIXEL_TYPE_VALUES, example: "img" })
  pixel_type: PiggybackPixelType;

  @ApiProperty({
    description: `Absolute https: or http: URL, no user or password, at most ${PIGGYBACK_URL_MAX_LENGTH} characters, no spaces or control characters. {event_id}, {transaction_id}, {revenue}, {currency}, {conversion_type} and {pixel_id} are replaced, URL-encoded, when it fires.`,
    example: "https://ads.example/conv?order={transaction_id}&v={revenue}",
    maxLength: PIGGYBACK_URL_MAX_LENGTH,
  })
  url: string;
}

/**
 * A §7 field of a create or update request: declared for the whitelist
 * (`@Allow`) and OpenAPI, checked by `conversionRuleErrors` from the same
 * constants of `src/pixels/conversion-rules.ts` (it knows the pixel's type even
 * when an update leaves `config` out, which a per-field validator would not).
 */
function ConversionRuleField(schema: ApiPropertyOptions) {
  return applyDecorators(ApiPropertyOptional(schema), Allow());
}

/** A conversion-only window in minutes: an integer 1–`max`, null meaning `max`. */
function WindowMinutesField(kind: string, max: number, fallback: number) {
  return ConversionRuleField({
    type: "integer",
    minimum: 1,
    maximum: max,
    nullable: true,
    default: fallback,
    description: `${kind} window in minutes; null means ${max}. ${CONVERSION_ONLY}`,
  });
}

/** A conversion-only value credited when the event has no revenue: 0–POST_VALUE_MAX or null. */
function PostValueField(kind: string) {
  return ConversionRuleField({
    type: Number,
    minimum: 0,
    maximum: POST_VALUE_MAX,
    nullable: true,
    default: null,
    description: `Value credited to a ${kind}-attributed conversion whose event has no revenue. ${CONVERSION_ONLY}`,
  });
}

/**
 * Contract §7's fields as a create or update request carries them (see
 * ConversionRuleField for where they are checked).
 */
export class ConversionRulesDto {
  @ConversionRuleField({
    enum: PIXEL_STATES,
    default: "active",
    description:
      "The on/off switch (Xandr `state`). Events of an inactive pixel are stored, not counted (`pixel_inactive`), and its piggybacks do not fire.",
  })
  state?: PixelState;

  @ConversionRuleField({
    enum: EVENT_CATEGORY_VALUES,
    nullable: true,
    default: null,
    description:
      "Xandr conversion event category (ids 2-8; GET /saved-pixels/options lists them). Any pixel type.",
  })
  event_category?: EventCategory | null;

  @ConversionRuleField({
    enum: TRIGGER_TYPE_VALUES,
    nullable: true,
    default: "hybrid",
    description: `Which touchpoints may take credit. ${CONVERSION_ONLY}`,
  })
  trigger_type?: TriggerType | null;

  @WindowMinutesField(
    "View-through",
    POST_VIEW_EXPIRE_MINS_MAX,
    DEFAULT_POST_VIEW_EXPIRE_MINS,
  )
  post_view_expire_mins?: number | null;

  @WindowMinutesField(
    "Click-through",
    POST_CLICK_EXPIRE_MINS_MAX,
    DEFAULT_POST_CLICK_EXPIRE_MINS,
  )
  post_click_expire_mins?: number | null;

  @PostValueField("view")
  post_view_value?: number | null;

  @PostValueField("click")
  post_click_value?: number | null;

  @ConversionRuleField({
    type: "integer",
    minimum: 0,
    maximum: MIN_MINUTES_PER_CONV_MAX,
    nullable: true,
    description: `Repeat-conversion rule per visitor: null = once per visitor, 0 = count all, N = once per visitor every N minutes. Default at creation: 0 for conversion_type ${[...COUNT_ALL_CONVERSION_TYPES].join(", ").replace(/, ([^,]*)$/, " or $1")}, else null. ${CONVERSION_ONLY}`,
  })
  min_minutes_per_conv?: number | null;

  @ConversionRuleField({
    type: [PiggybackPixelDto],
    maxItems: MAX_PIGGYBACK_PIXELS,
    default: [],
    description:
      "Pixels fired after the event (active pixels only). `/collect.gif` answers 302 to the first `img` one.",
  })
  piggyback_pixels?: PiggybackPixelDto[];

  @ConversionRuleField({
    enum: CONSENT_MODES,
    default: "off",
    description: "Consent mode (contract §10).",
  })
  consent_mode?: ConsentMode;
}

/** The §7 fields as `GET /saved-pixels/{id}` answers them: every one, defaults filled in. */
export class ConversionRulesResponse {
  @ApiProperty({
    enum: PIXEL_STATES,
    example: "active",
    description: "The user's on/off switch (§7); not `status`.",
  })
  state: PixelState;

  @ApiProperty({ enum: EVENT_CATEGORY_VALUES, nullable: true, example: null })
  event_category: EventCategory | null;

  @ApiProperty({ enum: TRIGGER_TYPE_VALUES, nullable: true, example: "hybrid" })
  trigger_type: TriggerType | null;

  @ApiProperty({ type: "integer", nullable: true, example: 1440 })
  post_view_expire_mins: number | null;

  @ApiProperty({ type: "integer", nullable: true, example: 20160 })
  post_click_expire_mins: number | null;

  @ApiProperty({ type: Number, nullable: true, example: null })
  post_view_value: number | null;

  @ApiProperty({ type: Number, nullable: true, example: null })
  post_click_value: number | null;

  @ApiProperty({ type: "integer", nullable: true, example: 0 })
  min_minutes_per_conv: number | null;

  @ApiProperty({ type: [PiggybackPixelDto], example: [] })
  piggyback_pixels: PiggybackPixelDto[];

  @ApiProperty({ enum: CONSENT_MODES, example: "off" })
  consent_mode: ConsentMode;
}
