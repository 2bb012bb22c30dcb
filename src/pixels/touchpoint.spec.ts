import {
  normaliseTouchpoint,
  TOUCHPOINT_AGE_MAX_S,
  touchpointProblem,
} from "./touchpoint";

function check(value: unknown) {
  const warnings: string[] = [];
  const touchpoint = normaliseTouchpoint(value, (message) =>
    warnings.push(message),
  );
  return { touchpoint, warnings };
}

describe("touchpoints (contract §8)", () => {
  it("keeps a well-formed click, trimming text and nulling empty fields", () => {
    expect(
      check({
        type: "click",
        campaign: " spring ",
        source: "newsletter",
        medium: "",
        click_id_type: "gclid",
        age_s: 12.3456,
      }),
    ).toEqual({
      touchpoint: {
        type: "click",
        campaign: "spring",
        source: "newsletter",
        medium: null,
        content: null,
        term: null,
        click_id_type: "gclid",
        age_s: 12.346,
      },
      warnings: [],
    });
  });

  it("reads age_s sent as text (image requests)", () => {
    expect(
      check({ type: "view", campaign: "c", age_s: "60" }).touchpoint?.age_s,
    ).toBe(60);
  });

  it("is silent when there is no touchpoint", () => {
    expect(check(undefined)).toEqual({ touchpoint: null, warnings: [] });
    expect(check(null)).toEqual({ touchpoint: null, warnings: [] });
  });

  it.each([
    ["a string", "click"],
    ["an array", [{ type: "click" }]],
    ["an unknown type", { type: "impression", age_s: 1 }],
    ["no type", { campaign: "c", age_s: 1 }],
    ["a negative age", { type: "click", age_s: -1 }],
    ["a huge age", { type: "click", age_s: TOUCHPOINT_AGE_MAX_S + 1 }],
    ["an infinite age", { type: "click", age_s: "1e400" }],
    ["no age", { type: "click", campaign: "c" }],
    ["a non-string campaign", { type: "click", campaign: 42, age_s: 1 }],
    ["an object source", { type: "click", source: {}, age_s: 1 }],
    [
      "a 10 KB campaign",
      { type: "click", campaign: "x".repeat(10_240), age_s: 1 },
    ],
    ["a NUL in text", { type: "click", term: "a\u0000b", age_s: 1 }],
    ["an unknown field", { type: "click", age_s: 1, gclid: "abc" }],
  ])("drops %s with a warning", (_, value) => {
    const { touchpoint, warnings } = check(value);
    expect(touchpoint).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^touchpoint .+; dropped$/);
    expect(warnings[0].length).toBeLessThan(200);
    expect(touchpointProblem(value)).not.toBeNull();
  });

  it("accepts the edges: age 0 and 90 days, 100-character text", () => {
    expect(check({ type: "click", age_s: 0 }).touchpoint?.age_s).toBe(0);
    expect(
      check({ type: "click", age_s: TOUCHPOINT_AGE_MAX_S }).touchpoint?.age_s,
    ).toBe(TOUCHPOINT_AGE_MAX_S);
    expect(
      check({ type: "click", campaign: "c".repeat(100), age_s: 1 }).touchpoint
        ?.campaign,
    ).toHaveLength(100);
  });
});
