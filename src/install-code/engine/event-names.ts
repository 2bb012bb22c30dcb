/**
 * The event a conversion is announced with on each tag manager. The payload always
 * carries the saved `conversion_type` as given; these names only decide which
 * `dataLayer.push` / `utag.link` fires the code.
 */

/**
 * GA4 recommended events for the builder's suggested conversion types
 * (developers.google.com/analytics/devguides/collection/ga4/reference/events), so
 * the same push can also feed a GA4 tag. `contact`, `download` and `subscribe` have
 * no recommended event and keep their own names.
 */
const GA4_EVENTS: ReadonlyMap<string, string> = new Map([
  ["purchase", "purchase"],
  ["add_to_cart", "add_to_cart"],
  ["begin_checkout", "begin_checkout"],
  ["signup", "sign_up"],
  ["sign_up", "sign_up"],
  ["lead", "generate_lead"],
  ["generate_lead", "generate_lead"],
]);

/**
 * Tealium's standard `tealium_event` values (Tealium Events extension, UDO docs):
 * `cart_add`, `checkout`, `user_register`, `email_signup`. Anything else is sent as given.
 */
const TEALIUM_EVENTS: ReadonlyMap<string, string> = new Map([
  ["purchase", "purchase"],
  ["add_to_cart", "cart_add"],
  ["begin_checkout", "checkout"],
  ["signup", "user_register"],
  ["sign_up", "user_register"],
  ["subscribe", "email_signup"],
]);

/** GA4's rule for event names: a letter, then letters, digits or `_`, 40 at most. */
const GA4_EVENT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const FALLBACK_EVENT = "spx_conversion";
const GA4_NAME_MAX = 40;

/** Case, spaces and hyphens do not matter when recognising a suggested type. */
function lookupKey(conversionType: string): string {
  return conversionType
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/**
 * The GTM custom event for a conversion type: GA4's recommended name where one exists,
 * the type itself when it is already a valid event name, and otherwise a derived one
 * (accents dropped, other characters turned into `_`). The result never holds `{{`,
 * quotes or dots, so it is safe as a trigger value and cannot look like a `gtm.*` event.
 */
export function gtmEventName(conversionType: string): string {
  const known = GA4_EVENTS.get(lookupKey(conversionType));
  if (known) return known;
  if (GA4_EVENT_NAME.test(conversionType)) return conversionType;
  const derived = conversionType
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^[_0-9]+|_+$/g, "")
    .slice(0, GA4_NAME_MAX)
    .replace(/_+$/, "");
  return derived === "" ? FALLBACK_EVENT : derived;
}

/**
 * The `tealium_event` for a conversion type: Tealium's own name where one exists,
 * otherwise the type exactly as saved (the extension compares it as a string literal).
 */
export function tealiumEventName(conversionType: string): string {
  return TEALIUM_EVENTS.get(lookupKey(conversionType)) ?? conversionType;
}

/** The `tealium_event` sent with page views. */
export const TEALIUM_PAGE_VIEW = "page_view";
