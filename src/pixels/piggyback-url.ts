/**
 * Filling a piggyback pixel's placeholders (contract §7). Pure and dependency-free
 * so the collector (`/collect.gif`'s 302) and the tracker fill them the same way.
 */

/** The placeholders a piggyback URL may carry, each replaced by the event's value. */
export const PIGGYBACK_PLACEHOLDERS = [
  "event_id",
  "transaction_id",
  "revenue",
  "currency",
  "conversion_type",
  "pixel_id",
] as const;
export type PiggybackPlaceholder = (typeof PIGGYBACK_PLACEHOLDERS)[number];

export type PiggybackValues = Partial<
  Record<PiggybackPlaceholder, string | number | null | undefined>
>;

const PLACEHOLDER =
  /\{(event_id|transaction_id|revenue|currency|conversion_type|pixel_id)\}/g;

/**
 * `url` with every `{placeholder}` replaced by `encodeURIComponent` of its value
 * (numbers in their shortest decimal form), or by nothing when the value is
 * unknown. Other braces are left as they are. Values are encoded, so a value can
 * never add a parameter, a path segment or a scheme to the URL.
 */
export function fillPiggybackUrl(url: string, values: PiggybackValues): string {
  return url.replace(PLACEHOLDER, (_match, name: PiggybackPlaceholder) => {
    const value = Object.prototype.hasOwnProperty.call(values, name)
      ? values[name]
      : undefined;
    if (value === undefined || value === null) return "";
    // The global isFinite, not Number.isFinite: this runs in t.js too, and ES5
    // browsers lack Number.isFinite (value is already known to be a number).
    if (typeof value === "number")
      return isFinite(value) ? encodeURIComponent(String(value)) : "";
    return typeof value === "string" ? encodeURIComponent(value) : "";
  });
}
