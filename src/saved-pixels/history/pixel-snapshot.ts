import type { SavedPixelEntity } from "../saved-pixel.entity";
import { toSavedPixelResponse } from "../saved-pixel.view";

/** A pixel as one version of its history holds it: the API's full object. */
export type PixelSnapshot = Record<string, unknown>;

/**
 * Fields of the full object that are not part of a version: they come from the
 * events received (§6), not from what a user saved, so a restore leaves them be.
 */
const NOT_VERSIONED = new Set(["status", "last_event_at"]);

/** Fields a user never sets: a change list leaves them out, a restore does not write them. */
const READ_ONLY = new Set([
  "id",
  "account_id",
  "created_by",
  "created_at",
  "updated_at",
]);

/**
 * The pixel as its history stores it: the full response object minus the
 * event-derived fields. Built from the same view as `GET`, so a field added to
 * the pixel is captured (and restored) without touching history.
 */
export function pixelSnapshot(pixel: SavedPixelEntity): PixelSnapshot {
  const snapshot: PixelSnapshot = { ...toSavedPixelResponse(pixel) };
  for (const field of NOT_VERSIONED) delete snapshot[field];
  return snapshot;
}

/**
 * The dotted paths that differ between two snapshots, in the newer one's field
 * order: a top-level object is compared field by field (`config.revenue`),
 * anything else (deeper objects, arrays: `config.properties`) as a whole. Read-only fields are left
 * out. Against an empty `before` (a create) it lists every field that was set.
 */
export function changedPaths(
  before: PixelSnapshot,
  after: PixelSnapshot,
): string[] {
  const paths: string[] = [];
  const keys = new Set([...Object.keys(after), ...Object.keys(before)]);
  for (const key of keys) {
    if (READ_ONLY.has(key)) continue;
    if (!(key in before)) {
      if (after[key] !== null && after[key] !== undefined) paths.push(key);
      continue;
    }
    walk(before[key], after[key], key, paths);
  }
  return paths;
}

function walk(
  before: unknown,
  after: unknown,
  path: string,
  paths: string[],
): void {
  // Two levels, as a user names a change: `config.revenue`, not `config.revenue.value`.
  if (!path.includes(".") && isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(after), ...Object.keys(before)]);
    for (const key of keys)
      walk(before[key], after[key], `${path}.${key}`, paths);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) paths.push(path);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * What a restore writes: the snapshot's user-set fields, as an update body
 * (`name`, `description`, `config`, `target_platform`, and whatever the pixel
 * gains later). The update applies only the fields it knows.
 */
export function restorableFields(snapshot: PixelSnapshot): PixelSnapshot {
  const fields: PixelSnapshot = {};
  for (const [key, value] of Object.entries(snapshot))
    if (!READ_ONLY.has(key) && !NOT_VERSIONED.has(key)) fields[key] = value;
  return fields;
}

/**
 * What restoring `snapshot` over the pixel as it is now (`current`, a
 * snapshot too) writes: its user-set fields, or nothing (`{}`) when every one of
 * them already holds that value. A restore that would change nothing is the
 * documented no-op (contract §11): no new version, whichever version it names.
 */
export function restoreChanges(
  snapshot: PixelSnapshot,
  current: PixelSnapshot,
): PixelSnapshot {
  const fields = restorableFields(snapshot);
  const now: PixelSnapshot = {};
  for (const key of Object.keys(fields)) now[key] = current[key];
  return changedPaths(now, fields).length > 0 ? fields : {};
}
