import { createServer, Server } from "node:http";
import { Browser, BrowserContext } from "playwright-core";
import {
  describeInBrowser,
  pixelWithCode,
  startBrowserLoop,
  waitForEvents,
} from "../support/chromium";
import { request, TestApp } from "../support/test-app";

/**
 * Contract §7's tracker side in a real browser, on an unchanged pasted page:
 * the `_spx_vid` visitor cookie, transaction dedup across reloads, the runtime
 * config (state and piggybacks changed over the API reach the page on its next
 * load, PIXEL_CONFIG_TTL_S=0) and piggyback pixels fired to a catcher server with
 * their placeholders filled.
 */
const GIF = Buffer.from(
  "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7",
  "base64",
);

describeInBrowser(
  "tracker: visitor, dedup, runtime config, piggybacks (Chromium)",
  () => {
    let t: TestApp;
    let browser: Browser;
    let close: () => Promise<void>;
    let siteOrigin = "";
    let page = "";
    let catcher: Server;
    let catcherOrigin = "";
    /** Paths and queries the catcher received, in order. */
    const caught: string[] = [];

    beforeAll(async () => {
      catcher = createServer((req, res) => {
        caught.push(req.url ?? "");
        if ((req.url ?? "").startsWith("/js")) {
          res.writeHead(200, { "content-type": "application/javascript" });
          res.end("window.__piggybackRan = (window.__piggybackRan || 0) + 1;");
        } else {
          res.writeHead(200, { "content-type": "image/gif" });
          res.end(GIF);
        }
      });
      await new Promise<void>((resolve) =>
        catcher.listen(0, "127.0.0.1", () => resolve()),
      );
      catcherOrigin = `http://127.0.0.1:${(catcher.address() as { port: number }).port}`;
      const loop = await startBrowserLoop(() => page, {
        PIXEL_CONFIG_TTL_S: "0",
      });
      ({ app: t, browser, close } = loop);
      siteOrigin = loop.siteOrigin;
    });

    afterAll(async () => {
      await close?.();
      await new Promise((resolve) => catcher?.close(resolve));
    });

    const events = (
      pixel: { account: string; id: string; token: string },
      count: number,
    ) => waitForEvents(t, pixel, count);

    async function caughtAtLeast(count: number): Promise<string[]> {
      const deadline = Date.now() + 10_000;
      while (caught.length < count && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      return [...caught];
    }

    /** A purchase pixel reading order.id and order.total, and the page it is pasted into. */
    async function orderPixel(
      prefix: string,
      rules: Record<string, unknown> = {},
    ) {
      const pixel = await pixelWithCode(t, prefix, {
        name: "Order",
        config: {
          type: "conversion",
          conversion_type: "purchase",
          revenue: { source: "variable", value: "order.total" },
          currency: { source: "fixed", value: "EUR" },
          transaction_id: { source: "variable", value: "order.id" },
        },
        ...rules,
      });
      const html = [
        "<!doctype html><html><head><title>Thanks</title>",
        pixel.artifact("base"),
        "</head><body><h1>Thank you</h1>",
        '<script>window.order = { id: "A-1001/x&y", total: "49.99" };</script>',
        pixel.artifact("event"),
        "</body></html>",
      ].join("\n");
      /** Changes the pixel over the API; the pasted page stays as it is. */
      const put = async (json: Record<string, unknown>) => {
        const response = await request(
          t.baseUrl,
          "PUT",
          `/saved-pixels/${pixel.id}?account_id=${pixel.account}`,
          { token: pixel.token, json },
        );
        expect(response.status).toBe(200);
      };
      return { ...pixel, html, put };
    }

    async function openTab(context: BrowserContext, path: string) {
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (error) => errors.push(String(error)));
      await tab.goto(`${siteOrigin}${path}`);
      return { tab, errors };
    }

    it("keeps _spx_vid across pages, sends visitor_id, and counts a thank-you page loaded twice once", async () => {
      const pixel = await orderPixel("vid");
      page = pixel.html;
      const context = await browser.newContext();
      const { tab, errors } = await openTab(context, "/thank-you");
      const [first] = await events(pixel, 1);
      await tab.reload();
      await tab.goto(`${siteOrigin}/another/page`);
      const stored = await events(pixel, 3);
      expect(stored).toHaveLength(3);

      const cookies = await context.cookies(siteOrigin);
      const vid = cookies.find((c) => c.name === "_spx_vid")!;
      expect(vid).toBeDefined();
      expect(vid.value).toMatch(/^[0-9a-f-]{36}$/);
      expect(vid.sameSite).toBe("Lax");
      expect(vid.path).toBe("/");
      expect(vid.secure).toBe(false); // http site
      const thirteenMonths = 393 * 86400;
      expect(vid.expires * 1000).toBeGreaterThan(Date.now() + 365 * 86400_000);
      expect(vid.expires).toBeLessThanOrEqual(
        Date.now() / 1000 + thirteenMonths,
      );

      for (const event of stored) {
        expect(event.visitor_id).toBe(vid.value);
        expect(event.transaction_id).toBe("A-1001/x&y");
        expect(event.warnings).not.toContain("no_visitor_id");
      }
      expect(first.counted).toBe(true);
      const counted = stored.filter((e) => e.counted);
      expect(counted).toHaveLength(1);
      expect(counted[0].event_id).toBe(first.event_id);
      expect(
        stored.filter((e) => e.not_counted_reason === "duplicate_transaction"),
      ).toHaveLength(2);
      expect(errors).toEqual([]);
      await context.close();
    });

    it("fires img and js piggybacks with filled values; a PUT reaches the unchanged page on reload; inactive fires nothing", async () => {
      const pixel = await orderPixel("piggy", {
        piggyback_pixels: [
          {
            pixel_type: "img",
            url: `${catcherOrigin}/img?ev={event_id}&order={transaction_id}&v={revenue}&c={currency}&t={conversion_type}&p={pixel_id}`,
          },
          {
            pixel_type: "js",
            url: `${catcherOrigin}/js?order={transaction_id}`,
          },
        ],
      });
      page = pixel.html;
      caught.length = 0;
      const context = await browser.newContext();
      const { tab, errors } = await openTab(context, "/thank-you");
      const [event] = await events(pixel, 1);
      const hits = await caughtAtLeast(2);
      expect(hits.sort()).toEqual([
        `/img?ev=${event.event_id}&order=A-1001%2Fx%26y&v=49.99&c=EUR&t=purchase&p=${pixel.id}`,
        "/js?order=A-1001%2Fx%26y",
      ]);
      await tab.waitForFunction(() => (window as any).__piggybackRan === 1);
      // The js piggyback is an async script element.
      expect(
        await tab.evaluate(
          (origin) =>
            [...document.querySelectorAll("script")]
              .filter((s) => s.src.startsWith(origin))
              .map((s) => s.async),
          catcherOrigin,
        ),
      ).toEqual([true]);

      // Change the piggyback over the API; the page's code stays as pasted.
      await pixel.put({
        piggyback_pixels: [
          { pixel_type: "img", url: `${catcherOrigin}/changed?e={event_id}` },
        ],
      });
      caught.length = 0;
      await tab.reload();
      const afterChange = await events(pixel, 2);
      const second = afterChange.find((e) => e.event_id !== event.event_id)!;
      expect(await caughtAtLeast(1)).toEqual([`/changed?e=${second.event_id}`]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(caught).toHaveLength(1);

      // Switch the pixel off: the event is still stored (not counted), nothing fires.
      await pixel.put({ state: "inactive" });
      caught.length = 0;
      await tab.reload();
      const afterOff = await events(pixel, 3);
      const third = afterOff.find(
        (e) => e.event_id !== event.event_id && e.event_id !== second.event_id,
      )!;
      expect(third).toMatchObject({
        counted: false,
        not_counted_reason: "pixel_inactive",
      });
      await tab.waitForLoadState("networkidle");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(caught).toEqual([]);

      // And on again.
      await pixel.put({ state: "active" });
      await tab.reload();
      expect(await caughtAtLeast(1)).toHaveLength(1);
      expect(errors).toEqual([]);
      await context.close();
    });

    it("passes spx_test from the page URL on as test_event_code", async () => {
      const pixel = await orderPixel("testcode");
      page = pixel.html;
      const context = await browser.newContext();
      const { tab } = await openTab(context, "/thank-you?spx_test=TEST42");
      const captured = tab.waitForRequest((r) => r.url().endsWith("/collect"));
      await tab.evaluate(
        (id) =>
          (window as any).spx("track", { pixel_id: id, type: "conversion" }),
        pixel.id,
      );
      const sent = JSON.parse((await captured).postData() ?? "{}");
      expect(sent.test_event_code).toBe("TEST42");
      await events(pixel, 2);
      await context.close();
    });
  },
);
