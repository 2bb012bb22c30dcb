import { urlAttribute } from "./html-layout";
import { collectGifUrl } from "./noscript";

describe("collectGifUrl", () => {
  it("carries the pixel id, the type and every fixed value, then noscript=1", () => {
    const url = collectGifUrl("https://px/collect.gif", "pix_1", {
      type: "conversion",
      conversion_type: 'Demo & "more"',
      revenue: { source: "fixed", value: "49.90" },
      currency: { source: "variable", value: "cur" },
      properties: [
        { key: "a", source: "fixed", value: "l'été (100%)*!" },
        { key: "b", source: "variable", value: "b" },
      ],
    });
    expect(url).toBe(
      "https://px/collect.gif?pixel_id=pix_1&type=conversion&conversion_type=Demo%20%26%20%22more%22" +
        "&revenue=49.90&prop.a=l%27%C3%A9t%C3%A9%20%28100%25%29%2A%21&noscript=1",
    );
  });

  it("leaves out a null pixel id and never throws on a lone surrogate", () => {
    const url = collectGifUrl("https://px/collect.gif", null, {
      type: "microconversion",
      conversion_type: "x\ud800",
    });
    expect(url).toBe(
      "https://px/collect.gif?type=microconversion&conversion_type=x%EF%BF%BD&noscript=1",
    );
  });
});

describe("urlAttribute", () => {
  it("escapes & and percent-encodes what could end the attribute", () => {
    expect(urlAttribute("https://x/a?b=1&c=\"<'>` é")).toBe(
      "https://x/a?b=1&amp;c=%22%3C%27%3E%60%20%C3%A9",
    );
  });
});
