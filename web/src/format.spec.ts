import { ageOf } from "./format";

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
