/**
 * CONTRACT.md §10 on the server: an event marked `consent: "denied"` (consent_mode
 * advanced without consent, or its <noscript> image) is counted, never
 * attributed, keeps no visitor (so the repeat rule cannot apply) and fires no
 * piggyback.
 */
import {
  normaliseCollectedEvent,
  parseCollectBody,
  parseCollectQuery,
  type CollectingPixel,
  type RawCollectedEvent,
} from "./collected-event";
import { piggybackRedirect } from "./piggyback-redirect";

const PIXEL: CollectingPixel = {
  id: "pix_abc123",
  config: { type: "conversion", conversion_type: "purchase" },
  state: "active",
  min_minutes_per_conv: null,
  piggyback_pixels: [
    { pixel_type: "img", url: "https://ads.example/c?o={event_id}" },
  ],
};
const RAW: RawCollectedEvent = {
  pixel_id: "pix_abc123",
  type: "conversion",
  event_id: "c0ffee00-0000-4000-8000-000000000001",
  visitor_id: "v1s1tor_0123456789abcdef",
};
const AT = new Date("2026-03-04T05:06:07.000Z");

describe("the consent marker", () => {
  it("a denied event drops its visitor, skips the repeat rule, counts, and fires no piggyback", () => {
    const event = normaliseCollectedEvent(
      { ...RAW, consent: "denied" },
      PIXEL,
      AT,
    )!;
    expect(event).toMatchObject({
      visitor_id: null,
      repeat_rule: 0,
      counted: true,
      consent_denied: true,
      warnings: [],
    });
    expect(piggybackRedirect({ event, pixel: PIXEL })).toBeNull();
  });

  it("without the marker (or with another value) nothing changes", () => {
    for (const consent of [undefined, "granted", "DENIED", 1]) {
      const event = normaliseCollectedEvent({ ...RAW, consent }, PIXEL, AT)!;
      expect(event.visitor_id).toBe("v1s1tor_0123456789abcdef");
      expect(event.repeat_rule).toBeNull();
      expect(event).not.toHaveProperty("consent_denied");
      expect(piggybackRedirect({ event, pixel: PIXEL })).toBe(
        "https://ads.example/c?o=c0ffee00-0000-4000-8000-000000000001",
      );
    }
  });

  it("is read from a /collect body and from a /collect.gif query", () => {
    expect(
      parseCollectBody(JSON.stringify({ ...RAW, consent: "denied" }))!.consent,
    ).toBe("denied");
    expect(
      parseCollectQuery(
        { pixel_id: "pix_abc123", noscript: "1", consent: "denied" },
        undefined,
      )!.consent,
    ).toBe("denied");
  });
});
