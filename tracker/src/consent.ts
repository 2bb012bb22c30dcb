/**
 * The page's consent, in Google Consent Mode's names (CONTRACT.md §10):
 * `spx("consent", "default" | "update", {ad_storage, analytics_storage})`, each
 * "granted" or "denied".
 *
 * - A value the page never set is granted while no pixel on the page asked for
 *   consent (`consent_mode: "off"`), and denied once one did (`basic` or
 *   `advanced`; install code says so with `spx("consent", "mode", m)` and each
 *   track payload's `consent_mode`).
 * - `navigator.globalPrivacyControl === true` denies ad_storage until an
 *   `update` grants it (a choice made after load); a `default` cannot.
 * - An `update` that denies a type is the page's final word for now: held events
 *   needing it are dropped (see gate.ts); a `default` that denies only keeps them held.
 *
 * `storageAllowed()` and `adsAllowed()` are the hooks the storage, touchpoint and
 * piggyback code ask before touching cookies, storage or third parties.
 */
import { isPlainObject, read } from "./values";

type Key = "ad_storage" | "analytics_storage";
type Value = "granted" | "denied";

let gated = false;
let gpc = false;
let chosen: Partial<Record<Key, Value>> = {};
let refused: Partial<Record<Key, boolean>> = {};
let listeners: (() => void)[] = [];

/** Reads Global Privacy Control and forgets any earlier state (load, and unit tests). */
export function initConsent(window: any): void {
  gated = false;
  chosen = {};
  refused = {};
  listeners = [];
  try {
    gpc = window.navigator.globalPrivacyControl === true;
  } catch {
    gpc = false;
  }
}

/** Whether the page allows `key`, by the rules above. */
export function granted(key: Key): boolean {
  const value = chosen[key];
  if (key === "ad_storage" && gpc && value !== "granted") return false;
  return value ? value === "granted" : !gated;
}

/** analytics_storage granted: cookies and storage may be read and written. */
export function storageAllowed(): boolean {
  return granted("analytics_storage");
}

/** ad_storage granted: ad touchpoints and piggyback pixels may be used. */
export function adsAllowed(): boolean {
  return granted("ad_storage");
}

/** The consent an event of `type` needs: analytics_storage for pageviews, else ad_storage. */
export function neededFor(type: string | undefined): Key {
  return type === "pageview" ? "analytics_storage" : "ad_storage";
}

/** Whether an `update` denied `key` (held events needing it are dropped). */
export function refusedByPage(key: Key): boolean {
  return refused[key] === true;
}

/** A pixel with `consent_mode` `basic` or `advanced` is on the page: unset values are denied. */
export function requireConsent(mode: unknown): void {
  if (mode === "basic" || mode === "advanced") gated = true;
}

/** Calls `listener` after every change of the state. */
export function onConsentChange(listener: () => void): void {
  listeners.push(listener);
}

/**
 * `spx("consent", action, value)`: `default` and `update` set the two types (other
 * keys and values are ignored); `mode` is the install code naming its consent_mode.
 */
export function consentCommand(action: unknown, value: unknown): void {
  if (action === "mode") requireConsent(value);
  else if (
    (action === "default" || action === "update") &&
    isPlainObject(value)
  ) {
    const keys: Key[] = ["ad_storage", "analytics_storage"];
    for (let i = 0; i < keys.length; i++) {
      const given = read(value, keys[i]);
      if (given !== "granted" && given !== "denied") continue;
      // GPC: only a choice after load (an update) grants ad_storage.
      if (action === "default" && gpc && keys[i] === "ad_storage") continue;
      chosen[keys[i]] = given;
      if (action === "update") refused[keys[i]] = given === "denied";
    }
  } else return;
  for (let i = 0; i < listeners.length; i++) listeners[i]();
}
