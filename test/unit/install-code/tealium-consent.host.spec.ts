/**
 * Tealium install code and CONTRACT.md §10: with consent_mode not "off" the
 * extension tells the tracker its mode and, when Tealium's Consent Manager is on
 * the page and the visitor has chosen, feeds the choice to
 * `spx("consent", "update", …)`: category "analytics" → analytics_storage,
 * "display_ads" → ad_storage (docs.tealium.com, JavaScript API, GDPR functions:
 * `utag.gdpr.getConsentState()`, `utag.gdpr.getSelectedCategories()`).
 */
import type { RenderInput } from "../../../src/install-code/engine";
import { artifact, render } from "./support/renderer";
import { runExtension } from "./support/tealium-host";

const pageview: RenderInput = {
  pixelId: "pix_tealc1",
  name: "Pages",
  description: null,
  platform: "tealium",
  config: { type: "pageview" },
};
const extension = (input: RenderInput) =>
  artifact(render(input), "extension").content;

function gdpr(state: unknown, categories: string[]) {
  return {
    utag: {
      gdpr: {
        getConsentState: () => state,
        getSelectedCategories: () => categories,
      },
    },
  };
}

describe("Tealium extension and consent", () => {
  it("consent_mode off: no consent calls, no mode", () => {
    const page = runExtension(extension(pageview), "view", {}, gdpr(1, []));
    expect(page.errors).toEqual([]);
    expect(page.queue).toEqual([
      ["track", { pixel_id: "pix_tealc1", type: "pageview" }],
    ]);
  });

  it("feeds the Consent Manager's choice to spx before the track call", () => {
    const page = runExtension(
      extension({ ...pageview, consentMode: "basic" }),
      "view",
      {},
      gdpr([{ ct: "1", name: "analytics" }], ["analytics", "personalization"]),
    );
    expect(page.errors).toEqual([]);
    expect(page.queue).toEqual([
      [
        "consent",
        "update",
        { analytics_storage: "granted", ad_storage: "denied" },
      ],
      [
        "track",
        { pixel_id: "pix_tealc1", type: "pageview", consent_mode: "basic" },
      ],
    ]);
  });

  it("sends nothing about consent before the visitor chose, or without the Consent Manager", () => {
    for (const globals of [gdpr(0, []), {}]) {
      const page = runExtension(
        extension({ ...pageview, consentMode: "advanced" }),
        "view",
        {},
        globals,
      );
      expect(page.errors).toEqual([]);
      expect(page.queue!.map((call) => call[0])).toEqual(["track"]);
    }
  });

  it("history_pageviews: each utag.view tracks, the tracker keeps one per distinct URL", () => {
    const page = runExtension(
      extension({
        ...pageview,
        config: { type: "pageview", history_pageviews: true },
      }),
      "view",
      {},
    );
    expect(page.queue).toEqual([
      [
        "track",
        {
          pixel_id: "pix_tealc1",
          type: "pageview",
          history_pageviews: "trigger",
        },
      ],
    ]);
  });
});
