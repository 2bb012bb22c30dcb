import {
  isTestEvent,
  TEST_EVENT_CODE_MAX_LENGTH,
  testEventCodeProblem,
} from "./test-event";

describe("test event codes (§9)", () => {
  it("accepts any text of 1-50 characters, counted as code points", () => {
    for (const code of ["T", " ", "QA-42", "x".repeat(50), "🙂".repeat(50)])
      expect(testEventCodeProblem(code)).toBeNull();
    expect(TEST_EVENT_CODE_MAX_LENGTH).toBe(50);
  });

  it("names what is wrong with anything else", () => {
    expect(testEventCodeProblem("")).toBe("must be 1-50 characters");
    expect(testEventCodeProblem("x".repeat(51))).toBe(
      "must be 1-50 characters",
    );
    expect(testEventCodeProblem("🙂".repeat(51))).toBe(
      "must be 1-50 characters",
    );
    for (const value of [0, 1, true, [], ["T"], {}])
      expect(testEventCodeProblem(value)).toBe("must be text");
  });

  it("treats absent as no test event, silently", () => {
    const warn = jest.fn();
    expect(isTestEvent(undefined, warn)).toBe(false);
    expect(isTestEvent(null, warn)).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });

  it("makes a valid code a test event and warns about (and ignores) an invalid one", () => {
    const warn = jest.fn();
    expect(isTestEvent("QA", warn)).toBe(true);
    expect(warn).not.toHaveBeenCalled();
    expect(isTestEvent(42, warn)).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      "test_event_code must be text; dropped (the event is stored as a real event)",
    );
  });
});
