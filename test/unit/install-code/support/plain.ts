/**
 * Copies a value out of another realm (jsdom, vm) into plain objects of this one, keeping
 * keys whose value is undefined, so `toStrictEqual` can compare payloads exactly.
 * Objects that are not plain objects or arrays (functions, DOM objects) keep their identity.
 */
export function plain(value: unknown): unknown {
  if (Array.isArray(value) || isArguments(value)) {
    return Array.from(value as ArrayLike<unknown>, plain);
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = plain(value[key]);
    return out;
  }
  return value;
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  if (Object.prototype.toString.call(value) !== "[object Object]") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function isArguments(value: unknown): boolean {
  return Object.prototype.toString.call(value) === "[object Arguments]";
}

/**
 * A form of a value that Jest's `toEqual` compares exactly: object keys (even one named
 * `constructor`) and their order, `undefined` values, `-0`, and the identity of
 * non-plain objects all count.
 */
export function canonical(
  value: unknown,
  ids = new Map<unknown, number>(),
): unknown {
  if (
    Array.isArray(value) ||
    Object.prototype.toString.call(value) === "[object Arguments]"
  ) {
    return [
      "array",
      Array.from(value as ArrayLike<unknown>, (v) => canonical(v, ids)),
    ];
  }
  if (isPlainObject(value)) {
    return [
      "object",
      Object.keys(value).map((k) => [k, canonical(value[k], ids)]),
    ];
  }
  if (value === undefined) return ["undefined"];
  if (typeof value === "number")
    return ["number", Object.is(value, -0) ? "-0" : String(value)];
  if (
    (typeof value === "object" && value !== null) ||
    typeof value === "function"
  ) {
    if (!ids.has(value)) ids.set(value, ids.size);
    return ["ref", ids.get(value)];
  }
  return [typeof value, value];
}
