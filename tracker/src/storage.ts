/**
 * Every read and write of cookies or web storage the tracker makes goes through
 * this module, so that consent (contract §10) gates storage in one place.
 */

import { storageAllowed } from "./consent";

/**
 * The consent hook for storage (consent.ts): whether the tracker may read or
 * write cookies or storage now (`analytics_storage` granted); readCookie and
 * writeCookie check it on every call.
 */
export { storageAllowed };

/** The value of the first-party cookie `name`, or undefined (none, not allowed, or unreadable). */
export function readCookie(window: any, name: string): string | undefined {
  if (!storageAllowed()) return undefined;
  try {
    const found = new RegExp("(?:^|; )" + name + "=([^;]*)").exec(
      window.document.cookie,
    );
    return found ? found[1] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the first-party cookie `name` for the whole site (path=/, this host only)
 * for `maxAgeSeconds`, `SameSite=Lax`, and `Secure` on an https page. `value`
 * must be cookie-safe (the callers write URL-safe ids).
 */
export function writeCookie(
  window: any,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  if (!storageAllowed()) return;
  try {
    window.document.cookie =
      name +
      "=" +
      value +
      "; max-age=" +
      maxAgeSeconds +
      "; path=/; SameSite=Lax" +
      (window.location.protocol === "https:" ? "; Secure" : "");
  } catch {
    // cookies blocked: the page goes on without them
  }
}
