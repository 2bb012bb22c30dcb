import type { ConsentMode } from "../../pixels/conversion-rules";
import type { PixelConfig } from "../../pixels/pixel-config";
import type { JsEntry } from "./js-layout";

/**
 * The track payload's keys the tracker reads and never sends (CONTRACT.md §10):
 * `consent_mode` when it is not "off" (the code must know it before anything is
 * sent: gate.ts holds or marks events by it), and `history_pageviews` for a
 * pageview pixel that counts single-page-app navigations: `true` on the plain
 * JavaScript platform (the tracker watches history, history.ts), `"trigger"`
 * where a tag manager fires the tag again on each navigation (GTM's History
 * Change trigger, Tealium's utag.view). Either way the tracker sends one pageview
 * per distinct path and query, with the previous URL as referrer (pageviews.ts).
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
  if (historyPageviews(config))
    entries.push({
      key: "history_pageviews",
      value: watchHistory
        ? { kind: "atom", code: "true" }
        : { kind: "string", value: "trigger" },
    });
  return entries;
}

/** `config.history_pageviews`, which only pageview pixels honour. */
export function historyPageviews(config: PixelConfig): boolean {
  return config.type === "pageview" && config.history_pageviews === true;
}
