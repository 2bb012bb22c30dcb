/**
 * GTM install code and CONTRACT.md §10 in the emulated Tag Manager: a pixel
 * whose consent_mode is not "off" carries consent settings (NEEDED: ad_storage,
 * plus analytics_storage for pageviews) that hold the tag back until granted,
 * and tells the tracker its mode; history_pageviews adds a History Change trigger.
 */
import type { RenderInput } from "../../../src/install-code/engine";
import { ALL_PAGES, GtmEmulator } from "./support/gtm-emulator";
import { artifact, render } from "./support/renderer";

const purchase: RenderInput = {
  pixelId: "pix_gtmc01",
  name: "Purchase",
  description: null,
  platform: "gtm",
  config: { type: "conversion", conversion_type: "purchase" },
};
const pageview: RenderInput = {
  ...purchase,
  pixelId: "pix_gtmc02",
  name: "Pages",
  config: { type: "pageview" },
};

function tagOf(input: RenderInput) {
  const container = artifact(render(input), "container").content;
  return {
    gtm: new GtmEmulator(container),
    version: JSON.parse(container).containerVersion,
  };
}

describe("GTM consent settings and history pageviews", () => {
  it("leaves consent NOT_SET with consent_mode off (the tag fires without consent)", () => {
    const { gtm, version } = tagOf({ ...purchase, consentMode: "off" });
    expect(version.tag[0].consentSettings).toEqual({
      consentStatus: "NOT_SET",
    });
    gtm.push({ event: "purchase" });
    expect(gtm.fired).toEqual(["Saved Pixel - Purchase"]);
    expect((gtm.result().queue![0][1] as any).consent_mode).toBeUndefined();
  });

  it.each(["basic", "advanced"] as const)(
    "%s conversion: needs ad_storage, fires once it is granted and tells the tracker its mode",
    (consentMode) => {
      const { gtm, version } = tagOf({ ...purchase, consentMode });
      expect(version.tag[0].consentSettings).toEqual({
        consentStatus: "NEEDED",
        consentType: {
          type: "LIST",
          list: [{ type: "TEMPLATE", value: "ad_storage" }],
        },
      });
      gtm.push({ event: "purchase" });
      expect(gtm.fired).toEqual([]);
      expect(gtm.blocked).toEqual(["Saved Pixel - Purchase"]);
      gtm.consent.ad_storage = "granted";
      gtm.push({ event: "purchase" });
      expect(gtm.fired).toEqual(["Saved Pixel - Purchase"]);
      const page = gtm.result();
      expect(page.errors).toEqual([]);
      expect(page.queue).toEqual([
        [
          "track",
          {
            pixel_id: "pix_gtmc01",
            type: "conversion",
            conversion_type: "purchase",
            consent_mode: consentMode,
          },
        ],
      ]);
    },
  );

  it("a pageview with consent needs ad_storage and analytics_storage", () => {
    const { gtm, version } = tagOf({ ...pageview, consentMode: "basic" });
    expect(
      version.tag[0].consentSettings.consentType.list.map(
        (item: { value: string }) => item.value,
      ),
    ).toEqual(["ad_storage", "analytics_storage"]);
    gtm.consent.ad_storage = "granted";
    gtm.load();
    expect(gtm.fired).toEqual([]);
    gtm.consent.analytics_storage = "granted";
    gtm.load();
    expect(gtm.fired).toEqual(["Saved Pixel - Pages"]);
  });

  it('history_pageviews: All Pages plus a History Change trigger; the tracker only dedupes ("trigger"), never watches', () => {
    const { gtm, version } = tagOf({
      ...pageview,
      config: { type: "pageview", history_pageviews: true },
    });
    expect(version.tag[0].firingTriggerId).toEqual([ALL_PAGES, "2"]);
    expect(version.trigger).toEqual([
      expect.objectContaining({
        triggerId: "2",
        type: "HISTORY_CHANGE",
        name: "Saved Pixel - Pages - History Change",
      }),
    ]);
    gtm.load();
    gtm.historyChange();
    expect(gtm.fired).toHaveLength(2);
    const queue = gtm.result().queue!;
    expect(queue).toHaveLength(2);
    for (const call of queue)
      expect(call[1]).toHaveProperty("history_pageviews", "trigger");
  });

  it("without history_pageviews a pageview fires on All Pages only", () => {
    const { version } = tagOf(pageview);
    expect(version.tag[0].firingTriggerId).toEqual([ALL_PAGES]);
    expect(version.trigger).toBeUndefined();
  });
});
