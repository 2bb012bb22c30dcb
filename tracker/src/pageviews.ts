/**
 * One pageview per distinct page and pixel within a page's life (CONTRACT.md
 * §10): a pageview whose URL differs from the pixel's previous one only in its
 * hash (or not at all) is not sent again, and a new one gets the previous URL as
 * `referrer`. This serves the tracker's own history watching (history.ts) and
 * tag managers that fire the tag again on a route change (GTM History Change,
 * Tealium utag.view) alike. index.ts applies it only to payloads with
 * `history_pageviews`: a page that tracks the same pageview twice on purpose
 * still sends both. Other event types pass unchanged.
 */
import type { TrackedEvent } from "./payload";

const last: Record<string, string> = {};

function page(url: string | undefined): string {
  return String(url).split("#")[0];
}

/** False when `event` repeats its pixel's previous pageview; sets its referrer otherwise. */
export function newPage(event: TrackedEvent): boolean {
  if (event.type !== "pageview") return true;
  const previous = last[event.pixel_id];
  if (previous !== undefined) {
    if (page(previous) === page(event.page_url)) return false;
    event.referrer = previous;
  }
  last[event.pixel_id] = String(event.page_url);
  return true;
}
