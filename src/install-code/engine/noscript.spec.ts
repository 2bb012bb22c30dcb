import { urlAttribute } from "./html-layout";
import { IMAGE_URL_MAX_LENGTH } from "../../pixels/image-request";
import type { PixelConfig } from "../../pixels/pixel-config";
import { noscriptImageRequest } from "./noscript";

const collectGifUrl = (...args: Parameters<typeof noscriptImageRequest>) =>
  noscriptImageRequest(...args).url;

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

describe("noscriptImageRequest within the URL budget", () => {
  const BASE = "https://px.example.com/collect.gif";
  /** The largest config the contract allows: 20 fixed properties of 500 characters. */
  const largest = (text: string): PixelConfig => ({
    type: "conversion",
    conversion_type: "x".repeat(50),
    revenue: { source: "fixed", value: "999999999999999.999999" },
    currency: { source: "fixed", value: "EUR" },
    properties: Array.from({ length: 20 }, (_, i) => ({
      key: `p${i}_${"k".repeat(45)}`,
      source: "fixed" as const,
      value: text.repeat(500 / text.length),
    })),
  });

  it.each([
    ["CJK", "日本"],
    ["Arabic", "عرب"],
    ["emoji", "😀"],
    ["Latin", "ab"],
  ])(
    "%s: stays within %s characters, keeps what fits and names the rest in spx_omitted",
    (_script, text) => {
      const config = largest(text);
      const { url, omitted } = noscriptImageRequest(BASE, "pix_abcdef", config);
      expect(url.length).toBeLessThanOrEqual(IMAGE_URL_MAX_LENGTH);
      const query = new URL(url).searchParams;
      expect(query.get("pixel_id")).toBe("pix_abcdef");
      expect(query.get("revenue")).toBe("999999999999999.999999");
      expect(query.get("conversion_type")).toBe("x".repeat(50));
      const kept = config.properties!.filter((p) => query.has(`prop.${p.key}`));
      expect(kept.length).toBeGreaterThan(0);
      for (const p of kept) expect(query.get(`prop.${p.key}`)).toBe(p.value);
      expect(omitted).toEqual(
        config.properties!.filter((p) => !kept.includes(p)).map((p) => p.key),
      );
      expect(omitted.length).toBeGreaterThan(0);
      expect(query.get("spx_omitted")).toBe(omitted.join(","));
      expect(query.get("noscript")).toBe("1");
    },
  );

  it("leaves nothing out, and no spx_omitted, when everything fits", () => {
    const { url, omitted } = noscriptImageRequest(BASE, "pix_abcdef", {
      type: "pageview",
      properties: [{ key: "a", source: "fixed", value: "日本".repeat(250) }],
    });
    expect(omitted).toEqual([]);
    expect(url).not.toContain("spx_omitted");
  });

  it("skips a value that does not fit but keeps a later one that does", () => {
    const { url, omitted } = noscriptImageRequest(BASE, null, {
      type: "pageview",
      properties: [
        ...Array.from({ length: 3 }, (_, i) => ({
          key: `big${i}`,
          source: "fixed" as const,
          value: "日".repeat(500),
        })),
        { key: "small", source: "fixed", value: "ok" },
      ],
    });
    expect(omitted).toEqual(["big1", "big2"]); // 4,500 characters each once encoded
    expect(new URL(url).searchParams.get("prop.small")).toBe("ok");
  });
});

describe("urlAttribute", () => {
  it("escapes & and percent-encodes what could end the attribute", () => {
    expect(urlAttribute("https://x/a?b=1&c=\"<'>` é")).toBe(
      "https://x/a?b=1&amp;c=%22%3C%27%3E%60%20%C3%A9",
    );
  });
});
