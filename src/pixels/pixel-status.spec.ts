import { ACTIVE_WINDOW_MS, pixelStatus } from "./pixel-status";

describe("pixelStatus", () => {
  const now = Date.parse("2025-01-05T10:00:00.000Z");
  it("is unverified before any event", () =>
    expect(pixelStatus(null, now)).toBe("unverified"));
  it("is active up to and including 24 h after the last event", () => {
    expect(pixelStatus(new Date(now).toISOString(), now)).toBe("active");
    expect(
      pixelStatus(new Date(now - ACTIVE_WINDOW_MS).toISOString(), now),
    ).toBe("active");
  });
  it("is inactive past 24 h", () =>
    expect(
      pixelStatus(new Date(now - ACTIVE_WINDOW_MS - 1).toISOString(), now),
    ).toBe("inactive"));
});
