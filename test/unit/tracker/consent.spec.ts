/**
 * The tracker's consent state machine (tracker/src/consent.ts, gate.ts) on its
 * own: which consent each event needs, what basic holds, releases and drops,
 * what advanced marks denied, and Global Privacy Control (CONTRACT.md §10).
 */
import {
  adsAllowed,
  consentCommand,
  initConsent,
  neededFor,
  storageAllowed,
} from "../../../tracker/src/consent";
import { deliver, watchConsent } from "../../../tracker/src/gate";

const page = (gpc?: boolean) => ({
  navigator: gpc === undefined ? {} : { globalPrivacyControl: gpc },
  location: { search: "" },
  localStorage: {
    getItem: () => {
      throw new Error("storage read");
    },
    setItem: () => {
      throw new Error("storage written");
    },
  },
});

function setUp(gpc?: boolean) {
  const window = page(gpc);
  initConsent(window);
  const sent: Record<string, unknown>[] = [];
  watchConsent(window, (event) => sent.push(event as never));
  const track = (type: string, mode: string) => {
    consentCommand("mode", mode);
    deliver(
      window,
      {
        pixel_id: "p",
        type,
        event_id: `${type}-${sent.length}`,
        client_time: "",
      },
      mode,
      (event) => sent.push(event as never),
    );
  };
  return { sent, track };
}

describe("tracker consent state machine", () => {
  it("grants everything while every pixel is consent_mode off", () => {
    setUp();
    expect([storageAllowed(), adsAllowed()]).toEqual([true, true]);
  });

  it("denies both once a basic or advanced pixel is on the page", () => {
    for (const mode of ["basic", "advanced"]) {
      setUp();
      consentCommand("mode", mode);
      expect([storageAllowed(), adsAllowed()]).toEqual([false, false]);
    }
  });

  it("needs analytics_storage for pageviews and ad_storage for the rest", () => {
    expect(neededFor("pageview")).toBe("analytics_storage");
    expect(neededFor("conversion")).toBe("ad_storage");
    expect(neededFor("microconversion")).toBe("ad_storage");
  });

  it("basic: holds each event until its own consent is granted, then sends it once", () => {
    const { sent, track } = setUp();
    track("pageview", "basic");
    track("conversion", "basic");
    expect(sent).toEqual([]);
    consentCommand("update", { analytics_storage: "granted" });
    expect(sent.map((e) => e.type)).toEqual(["pageview"]);
    consentCommand("update", { ad_storage: "granted" });
    expect(sent.map((e) => e.type)).toEqual(["pageview", "conversion"]);
    consentCommand("update", { ad_storage: "granted" });
    expect(sent).toHaveLength(2);
    expect(sent.every((e) => e.consent === undefined)).toBe(true);
  });

  it("basic: a default that denies keeps events held; an update that denies drops them", () => {
    const { sent, track } = setUp();
    consentCommand("default", {
      ad_storage: "denied",
      analytics_storage: "denied",
    });
    track("conversion", "basic");
    consentCommand("default", { ad_storage: "denied" });
    expect(sent).toEqual([]);
    consentCommand("update", { ad_storage: "denied" });
    consentCommand("update", { ad_storage: "granted" });
    expect(sent).toEqual([]);
    // Denied by the page: later events of that type are dropped at once.
    consentCommand("update", { ad_storage: "denied" });
    track("conversion", "basic");
    consentCommand("update", { ad_storage: "granted" });
    expect(sent).toEqual([]);
  });

  it("advanced: denied events go at once, marked denied, without visitor id or touchpoint", () => {
    const { sent, track } = setUp();
    track("conversion", "advanced");
    expect(sent).toEqual([
      expect.objectContaining({ type: "conversion", consent: "denied" }),
    ]);
    expect(sent[0]).not.toHaveProperty("visitor_id");
    expect(sent[0]).not.toHaveProperty("touchpoint");
    consentCommand("update", {
      ad_storage: "granted",
      analytics_storage: "granted",
    });
    expect(sent).toHaveLength(1); // never resent
    track("conversion", "advanced");
    expect(sent[1]).not.toHaveProperty("consent");
  });

  it("Global Privacy Control denies ad_storage; a default cannot grant it, an update can", () => {
    setUp(true);
    expect([storageAllowed(), adsAllowed()]).toEqual([true, false]);
    consentCommand("default", { ad_storage: "granted" });
    expect(adsAllowed()).toBe(false);
    consentCommand("update", { ad_storage: "granted" });
    expect(adsAllowed()).toBe(true);
  });

  it("ignores unknown actions, keys and values", () => {
    setUp();
    consentCommand("mode", "basic");
    consentCommand("update", { ad_storage: "yes", analytics_storage: true });
    consentCommand("grant", { ad_storage: "granted" });
    consentCommand("update", null);
    consentCommand("update", ["granted"]);
    expect([storageAllowed(), adsAllowed()]).toEqual([false, false]);
  });
});
