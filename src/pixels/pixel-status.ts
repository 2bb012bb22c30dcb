/**
 * Collection status of a saved pixel, from the time of its last event:
 * `unverified` (none yet), `active` (one within {@link ACTIVE_WINDOW_MS}),
 * `inactive` (none within it).
 */
export const PIXEL_STATUSES = ["unverified", "active", "inactive"] as const;
export type PixelStatus = (typeof PIXEL_STATUSES)[number];

/** How long after its last event a pixel still counts as active (24 h, in ms). */
export const ACTIVE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The statuses as the API documents them. */
export const PIXEL_STATUS_DESCRIPTION =
  "`unverified`: no event received yet; `active`: an event in the last 24 h; `inactive`: none in the last 24 h.";

/**
 * The status of a pixel whose last event was at `lastEventAt` (ISO 8601, or `null`
 * when none was received), seen at `now` (ms since the epoch).
 */
export function pixelStatus(
  lastEventAt: string | null,
  now = Date.now(),
): PixelStatus {
  if (lastEventAt === null) return "unverified";
  return now - Date.parse(lastEventAt) <= ACTIVE_WINDOW_MS
    ? "active"
    : "inactive";
}
