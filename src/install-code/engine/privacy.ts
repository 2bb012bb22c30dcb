import type { ConsentMode } from "../../pixels/conversion-rules";
import type { PixelConfig } from "../../pixels/pixel-config";
import type { JsEntry } from "./js-layout";

/**
 * The track payload's keys the tracker reads and never sends (CONTRACT.md §10):
 * `consent_mode` when it is not "off" (the code must know it before anything is
 * sent: gate.ts holds or marks events by it), and `history_pageviews: true` for a
 * pageview pixel that counts single-page-app navigations (history.ts). Only the
 * plain JavaScript platform asks for history pageviews: GTM fires the tag on a
 * History Change trigger and Tealium on each utag.view instead.
 */
export function privacyEntries(
  config: PixelConfig,
  consentMode: ConsentMode,
  watchHistory: boolean,
): JsEntry[] {
  const entries: JsEntry[] = [];
  if (consentMode !== "off")
    entries.push({
      key: "consent_mode",
      value: { kind: "string", value: consentMode },
    });
  if (watchHistory && historyPageviews(config))
    entries.push({
      key: "history_pageviews",
      value: { kind: "atom", code: "true" },
    });
  return entries;
}

/** `config.history_pageviews`, which only pageview pixels honour. */
export function historyPageviews(config: PixelConfig): boolean {
  return config.type === "pageview" && config.history_pageviews === true;
}
