/**
 * Small helpers that never throw, whatever the page put in a payload: hostile
 * getters, proxies and objects from other frames included.
 */
const toStringOf = Object.prototype.toString;

/** An array, also one from another frame. */
export function isArray(value: unknown): value is unknown[] {
  return toStringOf.call(value) === "[object Array]";
}

/** A plain object (not an array, a date, a function or null). */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    toStringOf.call(value) === "[object Object]"
  );
}

/** `object[key]`, or undefined when reading it throws. */
export function read(object: any, key: string | number): unknown {
  try {
    return object[key];
  } catch {
    return undefined;
  }
}

/** The first `max` characters of `text`. */
export function cap(text: string, max: number): string {
  // slice returns the whole text when it is shorter: no length test needed.
  return text.slice(0, max);
}

/** A number that JSON can carry (not NaN or ±Infinity). */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && isFinite(value);
}

/** Text without white space at either end. */
export function trim(text: string): string {
  return text.replace(/^\s+|\s+$/g, "");
}

/** A string, finite number or boolean as text of at most `max` characters; else undefined. */
export function asText(value: unknown, max: number): string | undefined {
  const kind = typeof value;
  if (kind === "string") return cap(value as string, max);
  if (isFiniteNumber(value) || kind === "boolean") return String(value);
  return undefined;
}
