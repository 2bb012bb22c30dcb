import { attribute, AttributionRules } from "./attribution";
import type { Touchpoint } from "./touchpoint";

const RECEIVED = new Date("2026-03-10T12:00:00.000Z");

function touch(type: "click" | "view", ageS: number): Touchpoint {
  return {
    type,
    campaign: `${type}-campaign`,
    source: `${type}-source`,
    medium: type === "click" ? "cpc" : null,
    content: null,
    term: null,
    click_id_type: null,
    age_s: ageS,
  };
}

function rules(
  trigger_type: AttributionRules["trigger_type"],
  overrides: Partial<AttributionRules> = {},
): AttributionRules {
  return {
    trigger_type,
    post_click_expire_mins: 60,
    post_view_expire_mins: 30,
    post_click_value: 5,
    post_view_value: 2,
    ...overrides,
  };
}

// Windows: click 60 min (3600 s), view 30 min (1800 s).
const CLICK_IN = touch("click", 3600); // exactly on the edge: inside
const CLICK_OUT = touch("click", 3601);
const VIEW_IN = touch("view", 1800);
const VIEW_OUT = touch("view", 1801);

describe("attribute (contract §8, Xandr trigger types and windows)", () => {
  // [trigger, click, view, expected touchpoint, expected value without revenue]
  const table: [
    AttributionRules["trigger_type"],
    Touchpoint | null,
    Touchpoint | null,
    "click" | "view" | null,
    number | null,
  ][] = [
    ["hybrid", CLICK_IN, VIEW_IN, "click", 5],
    ["hybrid", CLICK_IN, VIEW_OUT, "click", 5],
    ["hybrid", CLICK_IN, null, "click", 5],
    ["hybrid", CLICK_OUT, VIEW_IN, "view", 2],
    ["hybrid", CLICK_OUT, VIEW_OUT, null, null],
    ["hybrid", null, VIEW_IN, "view", 2],
    ["hybrid", null, null, null, null],
    ["click", CLICK_IN, VIEW_IN, "click", 5],
    ["click", CLICK_OUT, VIEW_IN, null, null],
    ["click", null, VIEW_IN, null, null],
    ["click", CLICK_IN, null, "click", 5],
    ["click", CLICK_OUT, null, null, null],
    ["view", CLICK_IN, VIEW_IN, "view", 2],
    ["view", CLICK_IN, VIEW_OUT, null, null],
    ["view", CLICK_OUT, VIEW_IN, "view", 2],
    ["view", null, VIEW_OUT, null, null],
    ["view", CLICK_IN, null, null, null],
  ];

  it.each(table)(
    "trigger %s, click %j, view %j → %s",
    (trigger, click, view, expected, postValue) => {
      const result = attribute(
        "conversion",
        rules(trigger),
        { click, view },
        null,
        RECEIVED,
      );
      expect(result.attribution?.touchpoint ?? null).toBe(expected);
      expect(result.value).toBe(postValue);
      // The revenue, when present, is the value whatever took credit.
      const withRevenue = attribute(
        "microconversion",
        rules(trigger),
        { click, view },
        49.99,
        RECEIVED,
      );
      expect(withRevenue.attribution?.touchpoint ?? null).toBe(expected);
      expect(withRevenue.value).toBe(49.99);
    },
  );

  it("records the credited touchpoint's campaign, source, medium and touch time", () => {
    const { attribution } = attribute(
      "conversion",
      rules("hybrid"),
      { click: touch("click", 90.5), view: VIEW_IN },
      null,
      RECEIVED,
    );
    expect(attribution).toEqual({
      touchpoint: "click",
      campaign: "click-campaign",
      source: "click-source",
      medium: "cpc",
      touched_at: "2026-03-10T11:58:29.500Z",
    });
  });

  it("reads null windows as the longest allowed (129,600 / 43,200 minutes)", () => {
    const open = rules("hybrid", {
      post_click_expire_mins: null,
      post_view_expire_mins: null,
    });
    const click = (age: number) =>
      attribute(
        "conversion",
        open,
        { click: touch("click", age), view: null },
        null,
        RECEIVED,
      ).attribution?.touchpoint ?? null;
    const view = (age: number) =>
      attribute(
        "conversion",
        open,
        { click: null, view: touch("view", age) },
        null,
        RECEIVED,
      ).attribution?.touchpoint ?? null;
    expect(click(129_600 * 60)).toBe("click");
    expect(click(129_600 * 60 + 1)).toBeNull();
    expect(view(43_200 * 60)).toBe("view");
    expect(view(43_200 * 60 + 1)).toBeNull();
  });

  it("credits null post values as null, and a 0 post value as 0", () => {
    const none = rules("hybrid", {
      post_click_value: null,
      post_view_value: 0,
    });
    expect(
      attribute(
        "conversion",
        none,
        { click: CLICK_IN, view: null },
        null,
        RECEIVED,
      ).value,
    ).toBeNull();
    expect(
      attribute(
        "conversion",
        none,
        { click: null, view: VIEW_IN },
        null,
        RECEIVED,
      ).value,
    ).toBe(0);
  });

  it("never attributes pageviews or pixels without rules; value is the revenue", () => {
    for (const [type, pixelRules] of [
      ["pageview", rules("hybrid")],
      ["conversion", null],
      ["conversion", rules(null)],
    ] as const) {
      const result = attribute(
        type,
        pixelRules,
        { click: CLICK_IN, view: VIEW_IN },
        12,
        RECEIVED,
      );
      expect(result).toEqual({ attribution: null, value: 12 });
    }
  });
});
