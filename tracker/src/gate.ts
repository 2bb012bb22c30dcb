/**
 * What consent lets an event do (CONTRACT.md §10), by its pixel's `consent_mode`:
 * - `basic`: held in the page until the consent its type needs (consent.ts
 *   `neededFor`) is granted, then sent; dropped when an `update` denies it;
 * - `advanced`, and `off` when the page itself denied: sent at once; when denied,
 *   marked `consent: "denied"` and cookieless (no visitor id, no touchpoint), so
 *   the server counts it, never attributes it and skips the repeat rule.
 * Granted events carry the click touchpoint when storage is allowed.
 */
import {
  granted,
  neededFor,
  onConsentChange,
  refusedByPage,
  storageAllowed,
} from "./consent";
import type { TrackedEvent } from "./payload";
import { touchpoint } from "./touchpoint";

type Send = (event: TrackedEvent) => void;

let held: TrackedEvent[] = [];

function finish(window: any, event: any, send: Send): void {
  if (granted(neededFor(event.type))) {
    if (storageAllowed()) {
      const touch = touchpoint(window);
      if (touch) event.touchpoint = touch;
    } else delete event.visitor_id;
  } else {
    event.consent = "denied";
    delete event.visitor_id;
    delete event.touchpoint;
  }
  send(event);
}

/** Sends, marks or holds `event` of a pixel whose consent_mode is `mode`. */
export function deliver(
  window: any,
  event: TrackedEvent,
  mode: unknown,
  send: Send,
): void {
  if (mode === "basic" && !granted(neededFor(event.type))) {
    if (!refusedByPage(neededFor(event.type))) held.push(event);
    return;
  }
  finish(window, event, send);
}

/** Releases or drops held events whenever the consent changes. */
export function watchConsent(window: any, send: Send): void {
  held = [];
  onConsentChange(function () {
    const waiting = held;
    held = [];
    for (let i = 0; i < waiting.length; i++) {
      const key = neededFor(waiting[i].type);
      if (granted(key)) finish(window, waiting[i], send);
      else if (!refusedByPage(key)) held.push(waiting[i]);
    }
  });
}
