import { isIso4217Code } from "../../pixels/iso-4217";
import {
  CONVERSION_TYPE_MAX_LENGTH,
  FIXED_PROPERTY_VALUE_MAX_LENGTH,
  FIXED_REVENUE,
  isPropertyKey,
  isVariablePath,
  PROPERTY_KEY_MAX_LENGTH,
  VARIABLE_PATH_MAX_LENGTH,
} from "../../pixels/pixel-rules";
import { characterCount } from "../../pixels/text";
import { validationRule as rule } from "./validation-rule";

/**
 * House validators for the rules class-validator cannot say on its own: rules
 * that depend on a sibling field (`source`, `type`). Each returns a message that
 * names what would be accepted, because the builder UI shows it to a marketer.
 */
const VARIABLE_MESSAGE = `must be a page variable name or dotted path such as "order_total" or "order.total" (letters, digits, _ and $; at most ${VARIABLE_PATH_MAX_LENGTH} characters)`;

export type PixelValueKind = "revenue" | "currency" | "property";

/** The `value` of a PixelValue, checked against its `source` and what it is for. */
export function IsPixelValueValue(kind: PixelValueKind) {
  return rule("pixelValue", (value, object) => {
    if (typeof value !== "string") return "must be a string";
    if (object.source === "variable")
      return isVariablePath(value) ? null : VARIABLE_MESSAGE;
    if (object.source !== "fixed") return null; // `source` reports its own error
    switch (kind) {
      case "revenue":
        return FIXED_REVENUE.test(value)
          ? null
          : 'must be a non-negative decimal such as "49.99" (digits and one dot; no sign, symbol or thousands separator)';
      case "currency":
        return isIso4217Code(value)
          ? null
          : isIso4217Code(value.toUpperCase())
            ? `must be an upper-case ISO 4217 code: "${value.toUpperCase()}"`
            : 'must be an ISO 4217 currency code such as "EUR" or "USD"';
      case "property":
        return characterCount(value) <= FIXED_PROPERTY_VALUE_MAX_LENGTH
          ? null
          : `must be at most ${FIXED_PROPERTY_VALUE_MAX_LENGTH} characters`;
    }
  });
}

export function IsPropertyKey() {
  return rule("propertyKey", (value) => {
    if (typeof value !== "string") return "must be a string";
    return isPropertyKey(value)
      ? null
      : `must be an identifier-like name of at most ${PROPERTY_KEY_MAX_LENGTH} characters (a letter or _, then letters, digits or _; not __proto__, constructor or prototype)`;
  });
}

/** Required on conversion and microconversion pixels, not allowed on pageviews. */
export function IsConversionTypeForPixelType() {
  return rule("conversionType", (value, object) => {
    if (object.type === "pageview") {
      return value === undefined ? null : "is not allowed on a pageview pixel";
    }
    if (value === undefined || value === null) {
      return object.type === "conversion" || object.type === "microconversion"
        ? `is required for ${object.type} pixels`
        : null;
    }
    if (typeof value !== "string") return "must be a string";
    const length = characterCount(value.trim());
    return length >= 1 && characterCount(value) <= CONVERSION_TYPE_MAX_LENGTH
      ? null
      : `must be 1-${CONVERSION_TYPE_MAX_LENGTH} characters`;
  });
}

/** Revenue belongs to conversions only. */
export function IsOnlyOnConversions() {
  return rule("onlyOnConversions", (value, object) =>
    value === undefined || value === null || object.type === "conversion"
      ? null
      : "is only allowed on conversion pixels",
  );
}

/** `transaction_id` belongs to conversions and microconversions (§7). */
export function IsOnlyOnConversionsAndMicroconversions() {
  return rule("onlyOnConversionsAndMicroconversions", (value, object) =>
    value === undefined || value === null || object.type !== "pageview"
      ? null
      : "is only allowed on conversion and microconversion pixels",
  );
}

/** `history_pageviews: true` belongs to pageviews (CONTRACT.md §10); false is allowed anywhere. */
export function IsTrueOnlyOnPageviews() {
  return rule("trueOnlyOnPageviews", (value, object) =>
    value !== true || object.type === "pageview"
      ? null
      : "is only allowed on pageview pixels",
  );
}

export function HasUniquePropertyKeys() {
  return rule("uniquePropertyKeys", (value) => {
    if (!Array.isArray(value)) return null;
    const seen = new Set<string>();
    for (const property of value) {
      const key = (property as { key?: unknown } | null)?.key;
      if (typeof key !== "string") continue;
      if (seen.has(key))
        return `has the key "${key}" more than once; keys must be unique`;
      seen.add(key);
    }
    return null;
  });
}
