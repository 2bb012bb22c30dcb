/**
 * The value rules of the contract's PixelConfig table, in one place, shared by the
 * DTO validators and by the collector. The engine relies on them: a variable path
 * that matches VARIABLE_PATH can only ever be read as a name, never run as code.
 */

/** Name limits (after trimming). */
export const NAME_MAX_LENGTH = 100;
export const DESCRIPTION_MAX_LENGTH = 500;
export const CONVERSION_TYPE_MAX_LENGTH = 50;
export const PROPERTY_KEY_MAX_LENGTH = 50;
export const FIXED_PROPERTY_VALUE_MAX_LENGTH = 500;
export const VARIABLE_PATH_MAX_LENGTH = 200;
export const MAX_PROPERTIES = 20;
/** Items a list-valued property keeps (each item bounded as a text value is). */
export const MAX_PROPERTY_LIST_ITEMS = 50;

/**
 * A page variable: an identifier, optionally followed by dotted segments that are
 * identifiers or array indexes (`order.total`, `items.0.price`). No brackets,
 * quotes, spaces or braces, so it cannot close a string or form a GTM `{{…}}`.
 */
export const VARIABLE_PATH =
  /^[A-Za-z_$][A-Za-z0-9_$]*(\.([A-Za-z_$][A-Za-z0-9_$]*|0|[1-9][0-9]{0,8}))*$/;

/** An identifier-like property key. */
export const PROPERTY_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Keys that would reach an object's prototype machinery when used as a property
 * name in generated code or in the collector; refused so a key is always plain data.
 */
export const RESERVED_PROPERTY_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

/** A non-negative plain decimal: `49.99`, `0`, `1200`. No sign, exponent or separators. */
export const FIXED_REVENUE = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;

export function isVariablePath(value: string): boolean {
  return value.length <= VARIABLE_PATH_MAX_LENGTH && VARIABLE_PATH.test(value);
}

export function isPropertyKey(value: string): boolean {
  return (
    value.length <= PROPERTY_KEY_MAX_LENGTH &&
    PROPERTY_KEY.test(value) &&
    !RESERVED_PROPERTY_KEYS.has(value)
  );
}
