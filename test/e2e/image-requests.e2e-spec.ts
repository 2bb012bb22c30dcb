import { IMAGE_URL_MAX_LENGTH } from "../../src/pixels/image-request";
import { request, startTestApp, TestApp } from "../support/test-app";
import { expectError } from "../support/expect-error";

/**
 * Issue #9: every URL our install code produces is received and stored. The
 * largest pixel the contract allows (20 fixed properties of 500 characters) in
 * non-Latin scripts: its `<noscript>` image keeps what fits in 8,000 characters
 * and names the rest (`spx_omitted`), the collector stores the event with a
 * warning naming them, and the beacon body with every value arrives too.
 */

const PUBLIC = "https://px.example.com";
const REFERER = "https://shop.example/merci?order=1017";

describe("image requests our code generates", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: PUBLIC });
  });
  afterAll(() => t.close());

  async function largestPixel(text: string) {
    const account = t.account();
    const token = t.token(account);
    const properties = Array.from({ length: 20 }, (_, i) => ({
      key: `p${String(i).padStart(2, "0")}_${"k".repeat(46)}`,
      source: "fixed",
      value: text.repeat(Math.ceil(500 / [...text].length)).slice(0, 500),
    }));
    for (const p of properties)
      expect([...p.value].length).toBeLessThanOrEqual(500);
    const created = await request(
      t.baseUrl,
      "POST",
      `/saved-pixels?account_id=${account}`,
      {
        token,
        json: {
          name: `Largest ${text}`,
          config: { type: "pageview", properties },
          target_platform: "javascript",
        },
      },
    );
    expect(created.status).toBe(201);
    return { account, token, id: created.body.data.id as string, properties };
  }

  const events = (p: { account: string; token: string; id: string }) =>
    request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${p.id}/events?account_id=${p.account}`,
      {
        token: p.token,
      },
    ).then((r) => r.body.data as Array<Record<string, any>>);

  it.each([
    ["CJK", "日本語の文字"],
    ["Arabic", "نص عربي طويل"],
    ["emoji", "😀🎉👍🏽"],
  ])(
    "%s: the <noscript> image of 20 × 500 characters is received and stored, with a warning naming what it left out",
    async (_script, text) => {
      const pixel = await largestPixel(text);
      const code = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/${pixel.id}/code?account_id=${pixel.account}&platform=javascript`,
        { token: pixel.token },
      );
      expect(code.status).toBe(200);
      const event = code.body.data.artifacts.find(
        (a: { id: string }) => a.id === "event",
      );
      const src = /<img[^>]*\ssrc="([^"]+)"/
        .exec(event.content)![1]
        .replace(/&amp;/g, "&");
      expect(src.startsWith(`${PUBLIC}/collect.gif?`)).toBe(true);
      expect(src.length).toBeLessThanOrEqual(IMAGE_URL_MAX_LENGTH);
      const omitted = new URL(src).searchParams.get("spx_omitted")!.split(",");
      expect(omitted.length).toBeGreaterThan(0);
      // The instructions say what the image leaves out.
      const note = code.body.data.instructions.find((line: string) =>
        line.startsWith("The <noscript> image leaves out"),
      );
      for (const key of omitted) expect(note).toContain(`"${key}"`);

      const image = await fetch(src.replace(PUBLIC, t.baseUrl), {
        headers: { referer: REFERER },
      });
      expect(image.status).toBe(200);
      expect(image.headers.get("content-type")).toBe("image/gif");

      await expectEventually(async () => {
        const [stored] = await events(pixel);
        expect(stored).toBeDefined();
        const kept = pixel.properties.filter((p) => !omitted.includes(p.key));
        expect(kept.length + omitted.length).toBe(20);
        expect(stored.properties).toEqual(
          Object.fromEntries(kept.map((p) => [p.key, p.value])),
        );
        expect(stored.page_url).toBe(REFERER);
        expect(stored.warnings).toEqual([
          `the image request left out what did not fit in its URL: ${omitted.join(", ")}`,
        ]);
      });
    },
  );

  it.each([
    ["CJK", "日本語の文字"],
    ["emoji", "😀🎉👍🏽"],
  ])(
    "%s: the tracker's beacon with all 20 × 500 characters arrives whole",
    async (_s, text) => {
      const pixel = await largestPixel(text);
      const properties = Object.fromEntries(
        pixel.properties.map((p) => [p.key, p.value]),
      );
      const body = JSON.stringify({
        pixel_id: pixel.id,
        type: "pageview",
        properties,
        event_id: `ev_${pixel.id}`,
        page_url: REFERER,
      });
      expect(Buffer.byteLength(body)).toBeGreaterThan(16 * 1024);
      const response = await request(t.baseUrl, "POST", "/collect", {
        raw: body,
        headers: { "content-type": "text/plain;charset=UTF-8" },
      });
      expect(response.status).toBe(204);
      await expectEventually(async () => {
        const [stored] = await events(pixel);
        expect(stored.properties).toEqual(properties);
        expect(stored.warnings).toEqual([]);
      });
    },
  );

  it("an image request with every value (about 90,000 characters) is still answered in the envelope, never a bare reset", async () => {
    const query = Array.from(
      { length: 20 },
      (_, i) => `prop.p${i}=${encodeURIComponent("日".repeat(500))}`,
    ).join("&");
    const tooLong = await request(t.baseUrl, "GET", `/collect.gif?${query}`);
    expectError(tooLong, 431, "VALIDATION_FAILED", ["headers"]);
  });

  it("accepts request lines far past Node's 16 KiB default: 40,000 characters", async () => {
    const response = await fetch(
      `${t.baseUrl}/collect.gif?pixel_id=pix_unknown1&prop.a=${"x".repeat(40_000)}`,
    );
    expect(response.status).toBe(200);
  });

  it("a <noscript> hit has no event_id warning, and page_url from the Referer", async () => {
    const pixel = await largestPixel("a");
    const response = await fetch(
      `${t.baseUrl}/collect.gif?pixel_id=${pixel.id}&type=pageview&noscript=1`,
      { headers: { referer: REFERER } },
    );
    expect(response.status).toBe(200);
    await expectEventually(async () => {
      const [stored] = await events(pixel);
      expect(stored.page_url).toBe(REFERER);
      expect(stored.warnings).toEqual([]);
      expect(stored.event_id).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

/** Events are written in batches within ~50 ms: retry an assertion for a while. */
async function expectEventually(check: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await check();
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
