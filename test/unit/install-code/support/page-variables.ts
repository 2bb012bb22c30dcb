import { isPlainObject } from "./plain";

/**
 * The reference reading of a dotted page-variable path: walk the segments, a missing
 * (null or undefined) part gives undefined, a throwing getter gives undefined.
 */
export function readPath(root: unknown, path: string): unknown {
  try {
    let value: any = root;
    for (const segment of path.split(".")) {
      if (value === null || value === undefined) return undefined;
      // Own properties only: a page variable is data, never a prototype's member.
      if (!Object.prototype.hasOwnProperty.call(value, segment))
        return undefined;
      value = value[segment];
    }
    return value;
  } catch {
    return undefined;
  }
}

/** Builds an object in which each path holds its value, objects created on the way. */
export function objectWithPaths(
  values: Array<[path: string, value: unknown]>,
): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of values) {
    const segments = path.split(".");
    if (segments.some((s) => s === "__proto__")) continue;
    let level = root;
    for (const segment of segments.slice(0, -1)) {
      if (!isPlainObject(level[segment])) level[segment] = {};
      level = level[segment] as Record<string, unknown>;
    }
    level[segments[segments.length - 1]] = value;
  }
  return root;
}
