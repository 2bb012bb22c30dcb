/**
 * Piggyback pixels (contract §7): after the tracker has sent an event of an
 * active pixel, each of the pixel's piggybacks fires once: `img` as an image
 * request, `js` as an async script element carrying the page's CSP nonce. The
 * placeholders are filled by the one implementation the collector's
 * `/collect.gif` redirect uses (src/pixels/piggyback-url.ts), so a value can
 * never add a parameter, a path or a scheme to the URL. A piggyback that fails
 * (blocked, offline, a script that throws when it runs) costs the page nothing:
 * each one is tried on its own and nothing is thrown into the page.
 */
import { fillPiggybackUrl } from "../../src/pixels/piggyback-url";
import { adsAllowed } from "./consent";
import type { TrackedEvent } from "./payload";
import { isArray, read } from "./values";

/**
 * `{revenue}`: a number as it is, text only when it is a plain decimal amount
 * ("49.99"). The amount parser that reads "1.234,56 €" runs on the server only
 * (revenue.ts), so other text leaves the placeholder empty rather than passing
 * on text the ad platform would misread.
 */
function revenueValue(revenue: unknown): string | number | undefined {
  return typeof revenue === "number" ||
    (typeof revenue === "string" && /^\d+(\.\d+)?$/.test(revenue))
    ? revenue
    : undefined;
}

/** Fires `pixels` (the runtime config's piggyback_pixels) for `event`. */
export function firePiggybacks(
  window: any,
  pixels: unknown,
  event: TrackedEvent,
  nonce: string,
): void {
  if (!adsAllowed() || !isArray(pixels)) return;
  const document = window.document;
  const values = {
    event_id: event.event_id,
    transaction_id: event.transaction_id,
    revenue: revenueValue(event.revenue),
    currency: event.currency,
    conversion_type: event.conversion_type,
    pixel_id: event.pixel_id,
  };
  for (let i = 0; i < pixels.length; i++) {
    try {
      const kind = read(pixels[i], "pixel_type");
      const url = fillPiggybackUrl(String(read(pixels[i], "url")), values);
      // The server only saves http(s) URLs; a config that says otherwise is not ours.
      if (!/^https?:\/\//i.test(url)) continue;
      if (kind === "img") new window.Image(1, 1).src = url;
      else if (kind === "js") {
        const script = document.createElement("script");
        script.async = true;
        if (nonce) script.setAttribute("nonce", nonce);
        script.src = url;
        (document.head || document.documentElement).appendChild(script);
      }
    } catch {
      // this one failed; the others still fire
    }
  }
}
