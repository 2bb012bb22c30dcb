import { isPlainObject } from "./plain";

/**
 * GTM's data model, per google/data-layer-helper: each pushed message is merged into
 * the model key by key. A dotted key is expanded into nested objects first; plain
 * objects merge recursively, arrays merge by index, anything else overwrites.
 */
export class DataLayerModel {
  readonly model: Record<string, unknown> = {};

  push(message: Record<string, unknown>): void {
    for (const key of Object.keys(message)) {
      merge(expandKeyValue(key, message[key]), this.model);
    }
  }

  /** Data Layer Variable (version 2) lookup: dotted path, undefined when missing. */
  get(path: string): unknown {
    let target: any = this.model;
    for (const segment of path.split(".")) {
      if (target === undefined || target === null) return undefined;
      target = target[segment];
    }
    return target;
  }
}

function expandKeyValue(key: string, value: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let target = result;
  const segments = key.split(".");
  for (const segment of segments.slice(0, -1)) {
    target = target[segment] = {};
  }
  target[segments[segments.length - 1]] = value;
  return result;
}

function merge(from: any, to: any): void {
  for (const key of Object.keys(from)) {
    const value = from[key];
    if (Array.isArray(value)) {
      if (!Array.isArray(to[key])) to[key] = [];
    } else if (isPlainObject(value)) {
      if (!isPlainObject(to[key])) to[key] = {};
    } else {
      to[key] = value;
      continue;
    }
    merge(value, to[key]);
  }
}
