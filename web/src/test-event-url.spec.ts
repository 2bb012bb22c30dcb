import { newTestCode, testPageUrl } from "./test-event-url";

/** The tracker's own reading of the code (tracker/src/test-event.ts). */
function codeTheTrackerReads(url: string): string | undefined {
  const found = /[?&]spx_test=([^&#]*)/.exec(new URL(url).search);
  return found ? decodeURIComponent(found[1]) : undefined;
}

describe("testPageUrl", () => {
  it("adds spx_test to a page, keeping its query and fragment", () => {
    const result = testPageUrl(
      "https://shop.example/thanks?order=7#top",
      "TEST12345",
    );
    expect(result).toEqual({
      ok: true,
      url: "https://shop.example/thanks?order=7&spx_test=TEST12345#top",
    });
    if (result.ok) expect(codeTheTrackerReads(result.url)).toBe("TEST12345");
  });

  it("replaces an earlier code instead of adding a second one", () => {
    const result = testPageUrl(
      "http://127.0.0.1:8080/a?spx_test=OLD&x=1&spx_test=OLDER",
      "NEW1",
    );
    expect(result).toEqual({
      ok: true,
      url: "http://127.0.0.1:8080/a?x=1&spx_test=NEW1",
    });
  });

  it("takes an address without a scheme as https", () => {
    expect(testPageUrl("  shop.example/checkout ", "T1")).toEqual({
      ok: true,
      url: "https://shop.example/checkout?spx_test=T1",
    });
  });

  it("encodes a code so the tracker decodes the same text", () => {
    const result = testPageUrl("https://a.example/", "a&b=c d/é");
    expect(result.ok).toBe(true);
    if (result.ok) expect(codeTheTrackerReads(result.url)).toBe("a&b=c d/é");
  });

  it("never opens a javascript: or data: URL, and says what is wrong", () => {
    for (const hostile of ["javascript:alert(1)", "data:text/html,<b>x</b>"])
      expect(testPageUrl(hostile, "T1")).toEqual({
        ok: false,
        message: "Only http:// and https:// pages can run the pixel's code.",
      });
    expect(testPageUrl("", "T1")).toMatchObject({ ok: false });
    expect(testPageUrl("https://exa mple.com", "T1")).toEqual({
      ok: false,
      message: "That is not a web address.",
    });
    expect(testPageUrl("https://a.example/", "x".repeat(51))).toMatchObject({
      ok: false,
    });
  });
});

describe("newTestCode", () => {
  it("makes TEST and five digits, 1-50 characters of plain letters and digits", () => {
    expect(newTestCode(() => 0)).toBe("TEST10000");
    expect(newTestCode(() => 0.999999)).toBe("TEST99999");
    expect(newTestCode()).toMatch(/^TEST\d{5}$/);
  });
});
