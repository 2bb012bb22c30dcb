import { ageOf, attributionText, countedText } from "./format";

describe("ageOf", () => {
  const now = Date.parse("2026-01-10T12:00:00Z");
  it.each([
    [null, "never"],
    ["2026-01-10T11:59:30Z", "just now"],
    ["2026-01-10T12:00:30Z", "just now"],
    ["2026-01-10T11:57:00Z", "3 min ago"],
    ["2026-01-10T09:00:00Z", "3 h ago"],
    ["2026-01-08T12:00:00Z", "2 days ago"],
  ])("%s → %s", (iso, words) => {
    expect(ageOf(iso, now)).toBe(words);
  });
});

describe("countedText", () => {
  it.each([
    [true, null, "Counted"],
    [
      false,
      "duplicate_transaction",
      "Not counted: transaction already counted",
    ],
    [
      false,
      "repeat_conversion",
      "Not counted: repeat conversion by this visitor",
    ],
    [false, "pixel_inactive", "Not counted: pixel switched off"],
    [false, "test_event", "Not counted: test event"],
    [false, "brand_new_reason", "Not counted: brand_new_reason"],
    [false, null, "Not counted: no reason given"],
  ])("counted=%s reason=%s → %s", (counted, reason, words) => {
    expect(countedText({ counted, not_counted_reason: reason })).toBe(words);
  });
});

describe("attributionText", () => {
  it("names the touchpoint, then what is known of the campaign", () => {
    expect(
      attributionText({
        touchpoint: "click",
        campaign: "spring",
        source: "newsletter",
        medium: null,
      }),
    ).toBe("click · spring · newsletter");
    expect(
      attributionText({
        touchpoint: "view",
        campaign: null,
        source: "",
        medium: null,
      }),
    ).toBe("view");
    expect(attributionText(null)).toBe("none");
  });
});
