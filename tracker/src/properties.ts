/**
 * A payload's `properties` as the tracker sends them. Values kept: text (bounded
 * one past the server's limit, so the server warns when it truncates), finite
 * numbers, booleans, and lists of text and finite numbers (at most
 * MAX_PROPERTY_LIST_ITEMS items, each bounded as text is). `null` and `undefined`
 * are no value and are left out. Everything else (objects, functions, NaN and
 * Infinity, longer lists, lists of other things, keys too long, properties past
 * MAX_PROPERTIES, getters that throw) is left out and reported (drops.ts).
 */
import {
  FIXED_PROPERTY_VALUE_MAX_LENGTH,
  MAX_PROPERTIES,
  MAX_PROPERTY_LIST_ITEMS,
  PROPERTY_KEY_MAX_LENGTH,
} from "./limits";
import { cap, isArray, isFiniteNumber, isPlainObject } from "./values";
import { drop, kindOf } from "./drops";

/** One property value as sent. */
export type PropertyValue = string | number | boolean | (string | number)[];

const TEXT_MAX_LENGTH = FIXED_PROPERTY_VALUE_MAX_LENGTH + 1;

/** A list as sent, or the drop reason when it cannot be. */
function list(items: unknown[]): (string | number)[] | string {
  const length = items.length;
  if (length > MAX_PROPERTY_LIST_ITEMS) return "list_length";
  const out: (string | number)[] = [];
  for (let i = 0; i < length; i++) {
    const item = items[i];
    if (typeof item === "string") out.push(cap(item, TEXT_MAX_LENGTH));
    else if (isFiniteNumber(item)) out.push(item);
    else return "list_item";
  }
  return out;
}

/**
 * One value as sent; undefined when there is none; or, as a string in a one-item
 * object, the drop reason.
 */
function value(item: unknown): PropertyValue | undefined | { reason: string } {
  if (item === undefined || item === null) return undefined;
  if (typeof item === "string") return cap(item, TEXT_MAX_LENGTH);
  if (isFiniteNumber(item) || typeof item === "boolean") return item;
  if (isArray(item)) {
    const kept = list(item);
    return typeof kept === "string" ? { reason: kept } : kept;
  }
  return { reason: kindOf(item) };
}

/**
 * The properties to send (undefined when none), reporting each value left out in
 * `dropped`. Throws only when the object itself is hostile (its keys cannot be
 * listed); the caller then reports that.
 */
export function readProperties(
  input: unknown,
  dropped: string[],
): Record<string, PropertyValue> | undefined {
  if (input === undefined || input === null) return undefined;
  if (!isPlainObject(input)) {
    drop(dropped, "properties", kindOf(input));
    return undefined;
  }
  const out: Record<string, PropertyValue> = Object.create(null);
  const keys = Object.keys(input);
  let kept = 0;
  let overLimit = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let sent: ReturnType<typeof value>;
    if (key.length > PROPERTY_KEY_MAX_LENGTH) sent = { reason: "key_length" };
    else {
      try {
        sent = value(input[key]);
      } catch {
        sent = { reason: "unreadable" };
      }
    }
    if (sent === undefined) continue;
    if (typeof sent === "object" && !isArray(sent)) {
      drop(dropped, sent.reason, key);
    } else if (kept >= MAX_PROPERTIES) {
      overLimit++;
    } else {
      out[key] = sent;
      kept++;
    }
  }
  if (overLimit) drop(dropped, "over_limit", String(overLimit));
  return kept ? out : undefined;
}
