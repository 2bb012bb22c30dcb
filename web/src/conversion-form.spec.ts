import {
  POST_CLICK_EXPIRE_MINS_MAX,
  POST_VIEW_EXPIRE_MINS_MAX,
} from "../../src/pixels/conversion-rules";
import {
  attributedValue,
  describeMinutes,
  repeatDraft,
  repeatRule,
  windowDraft,
  windowMinutes,
} from "./conversion-form";

describe("attribution windows: minutes ↔ days and hours", () => {
  it.each([
    [1440, "1", "0"],
    [20160, "14", "0"],
    [43200, "30", "0"],
    [1800, "1", "6"],
    [90, "0", "1.5"],
    [61, "0", "1.02"],
  ])("shows %d minutes as %s days %s hours", (minutes, days, hours) => {
    expect(windowDraft(minutes)).toEqual({ unlimited: false, days, hours });
  });

  it("shows null (the maximum) as no expiration", () => {
    expect(windowDraft(null)).toEqual({ unlimited: true, days: "", hours: "" });
    expect(
      windowMinutes({ unlimited: true, days: "9", hours: "x" }, 10),
    ).toEqual({ ok: true, value: null });
  });

  it("round-trips every whole minute up to the click maximum", () => {
    for (let m = 1; m <= POST_CLICK_EXPIRE_MINS_MAX; m += 7)
      expect(windowMinutes(windowDraft(m), POST_CLICK_EXPIRE_MINS_MAX)).toEqual(
        { ok: true, value: m },
      );
  });

  it("reads days and hours, empty as zero", () => {
    const parse = (days: string, hours: string) =>
      windowMinutes(
        { unlimited: false, days, hours },
        POST_VIEW_EXPIRE_MINS_MAX,
      );
    expect(parse("1", "")).toEqual({ ok: true, value: 1440 });
    expect(parse("", "2")).toEqual({ ok: true, value: 120 });
    expect(parse(" 2 ", "0.25")).toEqual({ ok: true, value: 2895 });
    expect(parse("30", "0")).toEqual({ ok: true, value: 43200 });
  });

  it.each([
    ["1.5", "0", /Days must be a whole number/],
    ["-1", "0", /Days must be a whole number/],
    ["x", "0", /Days/],
    ["1", "six", /Hours must be a number/],
    ["0", "0", /at least 1 minute/],
    ["", "", /at least 1 minute/],
    ["30", "1", /at most 30 days/],
  ])("refuses %j days %j hours", (days, hours, message) => {
    const parsed = windowMinutes(
      { unlimited: false, days, hours },
      POST_VIEW_EXPIRE_MINS_MAX,
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });

  it("names the click maximum in days", () => {
    expect(describeMinutes(POST_CLICK_EXPIRE_MINS_MAX)).toBe("90 days");
    expect(describeMinutes(1500)).toBe("1 day 1 hour");
    expect(describeMinutes(32767)).toBe("32767 minutes");
  });
});

describe("repeat conversions ↔ min_minutes_per_conv", () => {
  it.each([
    [0, "all", ""],
    [null, "once", ""],
    [30, "every", "30"],
  ] as const)("%j is the %s choice", (value, mode, minutes) => {
    expect(repeatDraft(value)).toEqual({ mode, minutes });
    expect(repeatRule(repeatDraft(value))).toEqual({ ok: true, value });
  });

  it("count all and one per visitor ignore the minutes typed", () => {
    expect(repeatRule({ mode: "all", minutes: "x" })).toEqual({
      ok: true,
      value: 0,
    });
    expect(repeatRule({ mode: "once", minutes: "5" })).toEqual({
      ok: true,
      value: null,
    });
  });

  it.each(["", "0", "32768", "1.5", "ten", "-3"])(
    "refuses every %j minutes",
    (minutes) => {
      const parsed = repeatRule({ mode: "every", minutes });
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toMatch(/1 to 32767/);
    },
  );

  it("accepts the bounds", () => {
    expect(repeatRule({ mode: "every", minutes: "1" })).toEqual({
      ok: true,
      value: 1,
    });
    expect(repeatRule({ mode: "every", minutes: " 32767 " })).toEqual({
      ok: true,
      value: 32767,
    });
  });
});

describe("attributed values", () => {
  it("reads empty as null and decimals as numbers", () => {
    expect(attributedValue(" ")).toEqual({ ok: true, value: null });
    expect(attributedValue("12.50")).toEqual({ ok: true, value: 12.5 });
    expect(attributedValue("0")).toEqual({ ok: true, value: 0 });
  });

  it.each(["12,50", "-1", "1e3", "abc", "1e16", "99999999999999999"])(
    "refuses %j",
    (text) => {
      expect(attributedValue(text).ok).toBe(false);
    },
  );
});
