import {
  EVENT_CATEGORIES,
  PIGGYBACK_PIXEL_TYPES,
  TRIGGER_TYPES,
} from "./conversion-rules";

/**
 * The builder UI's suggestions, exactly as the seed lists them, in its order;
 * the §7 lists (event categories with their Xandr ids, trigger types,
 * piggyback pixel types) as Xandr and Monetize name them.
 */
export const PIXEL_OPTIONS = {
  conversion_types: [
    { value: "purchase", label: "Purchase" },
    { value: "signup", label: "Sign up" },
    { value: "lead", label: "Lead" },
    { value: "add_to_cart", label: "Add to cart" },
    { value: "begin_checkout", label: "Begin checkout" },
    { value: "contact", label: "Contact" },
    { value: "download", label: "Download" },
    { value: "subscribe", label: "Subscribe" },
  ],
  properties: [
    { value: "currency", label: "Currency" },
    { value: "brand", label: "Brand" },
    { value: "model", label: "Model" },
    { value: "category", label: "Category" },
    { value: "size", label: "Size" },
    { value: "color", label: "Color" },
    { value: "variant", label: "Variant" },
    { value: "sku", label: "SKU" },
  ],
  pixel_types: [
    { value: "pageview", label: "Page view" },
    { value: "conversion", label: "Conversion" },
    { value: "microconversion", label: "Microconversion" },
  ],
  target_platforms: [
    { value: "javascript", label: "JavaScript" },
    { value: "gtm", label: "Google Tag Manager" },
    { value: "tealium", label: "Tealium iQ" },
  ],
  value_sources: [
    { value: "fixed", label: "Fixed value" },
    { value: "variable", label: "Page variable" },
  ],
  event_categories: EVENT_CATEGORIES,
  trigger_types: TRIGGER_TYPES,
  piggyback_pixel_types: PIGGYBACK_PIXEL_TYPES,
} as const;
