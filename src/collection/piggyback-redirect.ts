import { fillPiggybackUrl } from "../pixels/piggyback-url";
import { CollectingPixel, NormalisedEvent } from "./collected-event";

/**
 * Where `GET /collect.gif` redirects (contract §7, Xandr's "an image pixel can
 * have only one piggyback"): the first `img` piggyback of an active pixel, its
 * placeholders filled from the event as received (URL-encoded; empty when
 * unknown). Null otherwise (an inactive pixel, an event without consent): then
 * the GIF is the answer.
 */
export function piggybackRedirect({
  event,
  pixel,
}: {
  event: NormalisedEvent;
  pixel: CollectingPixel;
}): string | null {
  // §10: no piggyback without consent.
  if (pixel.state === "inactive" || event.consent_denied) return null;
  const first = (pixel.piggyback_pixels ?? []).find(
    (piggyback) => piggyback.pixel_type === "img",
  );
  if (!first) return null;
  const filled = fillPiggybackUrl(first.url, {
    event_id: event.event_id,
    transaction_id: event.transaction_id,
    revenue: event.revenue,
    currency: event.currency,
    conversion_type: event.conversion_type,
    pixel_id: event.pixel_id,
  });
  // A header holds ASCII only: the URL in its serialised form (non-ASCII
  // percent-encoded, the host in punycode).
  try {
    return new URL(filled).href;
  } catch {
    return null;
  }
}
