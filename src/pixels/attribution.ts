/**
 * Contract §8 attribution, decided once when an event is collected: which
 * touchpoint (if any) takes credit for a conversion, and the value credited.
 * Xandr's conversion-pixel rule (seed `000_…`: `trigger_type`,
 * `post_click_expire_mins`, `post_view_expire_mins`, `post_click_value`,
 * `post_view_value`): the click first, inside its window, when the trigger
 * allows clicks; else the view, inside its window, when it allows views.
 */
import type { PixelType } from "./pixel-config";
import {
  POST_CLICK_EXPIRE_MINS_MAX,
  POST_VIEW_EXPIRE_MINS_MAX,
  type TriggerType,
} from "./conversion-rules";
import type { Touchpoint, TouchpointType } from "./touchpoint";

/** The §7 fields attribution reads. A null window means the longest allowed. */
export interface AttributionRules {
  trigger_type: TriggerType | null;
  post_click_expire_mins: number | null;
  post_view_expire_mins: number | null;
  post_click_value: number | null;
  post_view_value: number | null;
}

/** What an event stores about the touchpoint that took credit (§8). */
export interface Attribution {
  touchpoint: TouchpointType;
  campaign: string | null;
  source: string | null;
  medium: string | null;
  /** ISO 8601 UTC: when the touch happened (the event's arrival minus the touchpoint's age). */
  touched_at: string;
}

/** The touchpoints an event has: at most one click and one view. */
export interface EventTouchpoints {
  click: Touchpoint | null;
  view: Touchpoint | null;
}

/**
 * The attribution and value of one event.
 * - Pageviews are never attributed (`attribution: null`).
 * - `click` when a click touchpoint's `age_s` is at most `post_click_expire_mins`
 *   minutes (null: 129,600) and `trigger_type` is `click` or `hybrid`; otherwise
 *   `view` when a view's age is at most `post_view_expire_mins` (null: 43,200)
 *   and `trigger_type` is `view` or `hybrid`; otherwise null. The edge counts
 *   (a click exactly 20,160 minutes old is inside a 20,160-minute window).
 * - `value`: the revenue when the event has one; else the credited touchpoint's
 *   `post_click_value` / `post_view_value`; else null.
 * `receivedAt` is the server's arrival time; `age_s` was measured on the client's
 * own clock, so clock skew between the two never moves the decision.
 */
export function attribute(
  type: PixelType,
  rules: AttributionRules | null,
  touchpoints: EventTouchpoints,
  revenue: number | null,
  receivedAt: Date,
): { attribution: Attribution | null; value: number | null } {
  const none = { attribution: null, value: revenue };
  if (type === "pageview" || rules === null || rules.trigger_type === null)
    return none;
  const trigger = rules.trigger_type;
  const clickWindowS =
    (rules.post_click_expire_mins ?? POST_CLICK_EXPIRE_MINS_MAX) * 60;
  const viewWindowS =
    (rules.post_view_expire_mins ?? POST_VIEW_EXPIRE_MINS_MAX) * 60;
  let credited: Touchpoint | null = null;
  let postValue: number | null = null;
  const { click, view } = touchpoints;
  if (
    click &&
    (trigger === "click" || trigger === "hybrid") &&
    click.age_s <= clickWindowS
  ) {
    credited = click;
    postValue = rules.post_click_value;
  } else if (
    view &&
    (trigger === "view" || trigger === "hybrid") &&
    view.age_s <= viewWindowS
  ) {
    credited = view;
    postValue = rules.post_view_value;
  }
  if (!credited) return none;
  return {
    attribution: {
      touchpoint: credited.type,
      campaign: credited.campaign,
      source: credited.source,
      medium: credited.medium,
      touched_at: new Date(
        receivedAt.getTime() - Math.round(credited.age_s * 1000),
      ).toISOString(),
    },
    value: revenue ?? postValue ?? null,
  };
}

/** The attribution fields of a pixel's §7 rules; null for a pageview (never attributed). */
export function attributionRules(
  rules: AttributionRules,
): AttributionRules | null {
  if (rules.trigger_type === null) return null;
  return {
    trigger_type: rules.trigger_type,
    post_click_expire_mins: rules.post_click_expire_mins,
    post_view_expire_mins: rules.post_view_expire_mins,
    post_click_value: rules.post_click_value,
    post_view_value: rules.post_view_value,
  };
}
