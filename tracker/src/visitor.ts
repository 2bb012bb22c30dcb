/**
 * The visitor id (contract §7): a random UUID v4 (122 random bits, from
 * crypto.getRandomValues where the browser has it) kept in the first-party
 * cookie `_spx_vid` and sent with every event, so the collector can apply
 * `min_minutes_per_conv` per visitor.
 *
 * The cookie is written when the id is made and not extended on later visits, so
 * it lives at most VISITOR_COOKIE_MAX_AGE_S after the first visit (CNIL's
 * 13-month limit for audience-measurement cookies; Chrome caps any cookie at 400
 * days). Browsers may keep it shorter (Safari keeps script-set cookies 7 days).
 */
import { VISITOR_ID_PATTERN } from "./limits";
import { randomUuid } from "./event-id";
import { readCookie, storageAllowed, writeCookie } from "./storage";

export const VISITOR_COOKIE = "_spx_vid";
/** 390 days: within 13 months however they fall (the shortest 13 months are 393 days). */
export const VISITOR_COOKIE_MAX_AGE_S = 390 * 86400;

/** This page's id, so a page whose cookies are refused still sends one id. */
let current: string | undefined;

/** The visitor id to send, or undefined while storage is not allowed. */
export function visitorId(window: any): string | undefined {
  if (!storageAllowed()) return undefined;
  if (!current) {
    const stored = readCookie(window, VISITOR_COOKIE);
    if (stored && VISITOR_ID_PATTERN.test(stored)) current = stored;
    else {
      current = randomUuid(window);
      writeCookie(window, VISITOR_COOKIE, current, VISITOR_COOKIE_MAX_AGE_S);
    }
  }
  return current;
}
