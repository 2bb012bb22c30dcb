/**
 * What the tracker leaves out of an event, said on the event. Each dropped value
 * adds one short code to the payload's `dropped` list, `<reason>:<subject>`; the
 * collector validates the list (src/collection/tracker-drops.ts) and turns each
 * code into a warning sentence on the event, so nothing is dropped without a word
 * and the sentences cost the tracker no bytes.
 *
 * Reasons: a value's kind (`object`, `function`, `symbol`, `bigint`, `undefined`)
 * or a non-finite number (`NaN`, `Infinity`, `-Infinity`); `unreadable` (a getter
 * threw); `list_length` (more than MAX_PROPERTY_LIST_ITEMS items); `list_item` (an
 * item that is not text or a finite number); `key_length` (a key longer than the
 * server allows); `over_limit` (subject: how many properties past MAX_PROPERTIES);
 * `properties` (subject: the kind of a `properties` that is not an object);
 * `revenue` (subject: the kind of a revenue that is not an amount or text);
 * `transaction_id` (subject: the kind of a transaction id that is not text or a number);
 * `image` (subject: a field left out of an image request).
 */
import { MAX_DROPPED, DROPPED_SUBJECT_MAX_LENGTH } from "./limits";
import { cap } from "./values";

/** Adds `<reason>:<subject>` while the list has room (MAX_DROPPED). */
export function drop(dropped: string[], reason: string, subject: string): void {
  if (dropped.length < MAX_DROPPED)
    dropped.push(reason + ":" + cap(subject, DROPPED_SUBJECT_MAX_LENGTH));
}

/** A value's kind as a drop reason: its typeof, or the number itself (NaN, Infinity). */
export function kindOf(value: unknown): string {
  return typeof value === "number" ? String(value) : typeof value;
}
