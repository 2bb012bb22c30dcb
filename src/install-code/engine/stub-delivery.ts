import type { ConsentMode } from "../../pixels/conversion-rules";
import type { PixelConfig } from "../../pixels/pixel-config";

/**
 * Whether the `spx` stub (templates/shared/loader.hbs) hands the calls still
 * queued to `navigator.sendBeacon` itself when the page is hidden or left
 * (`pagehide`, `visibilitychange` to hidden; never `unload`) before t.js runs,
 * as one `[page_url, calls]` body that the collector unpacks
 * (src/collection/stub-batch.ts). The tracker then skips the track calls the
 * stub counted in `spx.q.n`. It costs about 200 B gzipped in each artifact,
 * the whole gap to issue #13's size targets (engine/sizes.spec.ts).
 *
 * CONTRACT.md §10 "Delivery": only a pixel whose `consent_mode` is "off" may: the
 * stub cannot know the page's consent, so with `basic` or `advanced` it holds the
 * events for the tracker, which does.
 */
export function stubSendsOnLeave(
  config: PixelConfig,
  consentMode: ConsentMode,
): boolean {
  void config;
  return consentMode === "off";
}
