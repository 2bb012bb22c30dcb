import type { PixelConfig } from "../../pixels/pixel-config";

/**
 * Whether the `spx` stub (templates/shared/loader.hbs) hands the calls still
 * queued to `navigator.sendBeacon` itself when the page is hidden or left
 * (`pagehide`, `visibilitychange` to hidden; never `unload`) before t.js runs.
 * The tracker then skips the calls the stub marked as sent.
 *
 * The consent hook (CONTRACT.md §10 "Delivery"): a pixel whose `consent_mode` is
 * not "off" must answer false here, so its stub holds the events for the tracker,
 * which knows the page's consent. Today every pixel is "off".
 */
export function stubSendsOnLeave(config: PixelConfig): boolean {
  void config;
  return true;
}
